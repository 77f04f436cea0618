package notion

import (
	"context"
	"errors"
	"net/http"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/codec"
)

// A related page kaigi has no record of is read and made a record (one in
// the trash when it was trashed before kaigi saw it). One that kaigi cannot
// take has a problem of its own; the relating page's field waits for it
// (held, not written either way) and is read again once that page becomes a
// record.

// errHeld says a related page has a standing problem and is not due to be
// tried again.
var errHeld = errors.New("the page has a standing problem")

// adoptMember makes a record of a related page kaigi has no record of (in
// the trash since before kaigi saw it: no query lists it) and returns its
// ID; "" when the page is not one of target's database or is not visible.
func (e *Engine) adoptMember(ctx context.Context, target data.Entity, pageID string) (string, error) {
	spec, ok := codec.SpecOf(target)
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
