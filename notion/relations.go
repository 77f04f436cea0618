package notion

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
)

// A related page kaigi has no record of is read and made a record (one in
// the trash when it was trashed before kaigi saw it). One that kaigi cannot
// take has a problem of its own; the relating page's field waits for it
// (held, not written either way) and is read again once that page becomes a
// record.

// errHeld says a related page has a standing problem and is not due to be
// tried again.
var errHeld = errors.New("the page has a standing problem")

func (e *Engine) decodeRelation(ctx context.Context, f FieldSpec, pg api.Page, v api.PropValue, d *decoded) error {
	pageIDs := make([]string, 0, len(v.Relation))
	for _, r := range v.Relation {
		pageIDs = append(pageIDs, r.ID)
	}
	if v.HasMore {
		all, err := e.client.RelationIDs(ctx, pg.ID, v.ID)
		if err != nil {
			return err
		}
		pageIDs = all
	}
	var ids []string
	for _, pid := range pageIDs {
		l, ok, err := e.state.LinkByPage(ctx, pid)
		if err != nil {
			return err
		}
		if ok {
			if l.Entity == f.Target {
				ids = append(ids, l.LocalID)
			}
			continue
		}
		id, err := e.adoptMember(ctx, f.Target, pid)
		if pageLevel(err) {
			d.waiting = append(d.waiting, pid)
			d.issues[f.Name] = fieldIssue{kind: "waits",
				message: fmt.Sprintf("%s of page %q names a page kaigi cannot take yet (%s)", f.Name, pg.ID, pid),
				fix:     "fix that page (it has a problem of its own); this relation syncs once it does"}
			if err := e.state.AddWaiting(ctx, pageKey(pid), pg.ID); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		if id != "" {
			ids = append(ids, id)
		}
	}
	d.fields[f.Name] = joinList(ids)
	return nil
}

// adoptMember makes a record of a related page kaigi has no record of (in
// the trash since before kaigi saw it: no query lists it) and returns its
// ID; "" when the page is not one of target's database or is not visible.
func (e *Engine) adoptMember(ctx context.Context, target data.Entity, pageID string) (string, error) {
	spec, ok := SpecOf(target)
	dc := e.cfg.Databases[target]
	if !ok || dc == nil || dc.ID == "" {
		return "", nil
	}
	if p, standing, err := e.state.Problem(ctx, pageKey(pageID)); err != nil {
		return "", err
	} else if standing && p.RetryAt.After(e.clock.Now()) {
		return "", errHeld
	}
	pg, err := e.client.Page(ctx, pageID)
	if api.IsNotFound(err) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if !api.SameID(pg.Parent.DatabaseID, dc.ID) {
		return "", nil
	}
	if err := e.merge(ctx, spec, pg, mergeHow{related: true}); err != nil {
		if pageLevel(err) {
			if perr := e.pageProblem(ctx, spec, pg, err); perr != nil {
				return "", perr
			}
		}
		return "", err
	}
	l, ok, err := e.state.LinkByPage(ctx, pg.ID)
	if err != nil || !ok || l.Entity != target {
		return "", err
	}
	return l.LocalID, nil
}

// pageLevel reports an error that concerns one page or record only: kaigi
// refused its values, or Notion refused the request for this page.
func pageLevel(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, errHeld) {
		return true
	}
	var de *data.Error
	if errors.As(err, &de) {
		return de.Code != data.EINTERNAL
	}
	var ce *api.ConfigError
	if errors.As(err, &ce) {
		return ce.Field == "page"
	}
	var ae *api.APIError
	if errors.As(err, &ae) {
		switch ae.Status {
		case http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusRequestEntityTooLarge:
			return true
		}
	}
	return false
}
