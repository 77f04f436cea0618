package notion

import (
	"context"
	"errors"
	"fmt"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/codec"
	"github.com/kaigi-dev/kaigi/notion/merge"
	"github.com/kaigi-dev/kaigi/notion/syncdb"
)

// Applying a page to kaigi: a field kaigi cannot read, or a value kaigi
// refuses, is held (a problem of its own) and the rest is applied; a page
// that cannot become a record at all (no title) is one problem, tried again
// after a backoff.

// createFromPage makes a kaigi record of a page first seen in Notion.
func (e *Engine) createFromPage(ctx context.Context, p pulled) error {
	create := merge.Fields{}
	for k, v := range p.remote {
		if _, held := p.issues[k]; !held && k != codec.IDField.Name && k != merge.Deleted && !isPushOnly(p.spec, k) {
			create[k] = v
		}
	}
	if p.page.Trashed() {
		create[merge.Deleted] = "true"
	}
	invalid := map[string]codec.FieldIssue{}
	var id string
	for {
		// The record and its link commit together: a crash in between would
		// leave a record the next pull cannot recognise, and it would make a
		// second one. The base keeps the page as it is (no kaigi ID yet): the
		// push sees the ID as a local change and writes it.
		err := e.state.Atomically(data.WithOrigin(ctx, "notion"), func(ctx context.Context) error {
			var err error
			if id, err = e.records.write(ctx, p.spec.Entity, "", create, p.page.CreatedTime); err != nil {
				return err
			}
			base := e.newBase(ctx, p, id, create)
			return e.state.SaveLink(ctx, syncdb.Link{Entity: p.spec.Entity, LocalID: id, PageID: p.page.ID, Base: base,
				RemoteEdited: p.page.LastEditedTime, RemoteBy: p.page.LastEditedBy.ID, Settled: p.settled, ConfirmedAt: e.now}, e.clock.Now())
		})
		field, ok := refusedField(p.spec, err, create, true)
		if !ok {
			if err != nil {
				return err
			}
			break
		}
		invalid[field] = codec.FieldIssue{Kind: "invalid", Message: fmt.Sprintf("%s page %q: kaigi cannot take its %s: %s", p.spec.Title, p.page.ID, field, userMessage(err)),
			Fix: "correct it in Notion"}
		delete(create, field)
	}
	e.sum.Pulled++
	if p.copied != "" {
		e.warn("%s page %s carries the kaigi ID of page %s; kaigi made it a record of its own", p.spec.Title, p.page.ID, p.copied)
	}
	if err := e.clearProblem(ctx, pageKey(p.page.ID)); err != nil {
		return err
	}
	return e.keepIssues(ctx, p, id, nil, p.issues, invalid)
}

// newBase is the base of a record just made from a page: the page's values,
// and for held fields the record's own (a later fix in Notion then reads as
// a change).
func (e *Engine) newBase(ctx context.Context, p pulled, id string, create merge.Fields) merge.Fields {
	base := merge.Fields{}
	for k, v := range p.remote {
		base[k] = v
	}
	local, err := e.records.read(ctx, p.spec.Entity, id)
	if err != nil {
		return base
	}
	for k := range p.remote {
		if _, ok := create[k]; !ok && k != codec.IDField.Name && k != merge.Deleted {
			base[k] = local[k]
		}
	}
	return base
}

// refusedField finds the field a save was refused for, when it is one of
// fields: that field can be held and the rest saved (a new record cannot go
// without its title).
func refusedField(spec EntitySpec, err error, fields merge.Fields, creating bool) (string, bool) {
	var de *data.Error
	if !errors.As(err, &de) || de.Code == data.EINTERNAL || de.Field == "" {
		return "", false
	}
	f := dataField(spec, de.Field)
	_, ok := fields[f]
	return f, ok && !(creating && f == "title")
}

// keepIssues records the held fields of a record and clears the problems of
// its fields that read well now; those still held (kept) stay, and so do
// push-side problems (the push decides).
func (e *Engine) keepIssues(ctx context.Context, p pulled, id string, kept map[string]bool, issues ...map[string]codec.FieldIssue) error {
	held := map[string]bool{}
	for f := range kept {
		held[f] = true
	}
	for _, set := range issues {
		for field, is := range set {
			held[field] = true
			pr := syncdb.Problem{Key: fieldKey(p.spec.Entity, id, field), Kind: is.Kind, Entity: p.spec.Entity, LocalID: id,
				PageID: p.page.ID, Field: field, URL: pageURL(p.page.ID), Message: is.Message, Fix: is.Fix, Edited: p.page.LastEditedTime}
			if err := e.retryProblem(ctx, pr); err != nil {
				return err
			}
		}
	}
	standing, err := e.holds(ctx, p.spec.Entity, id)
	if err != nil {
		return err
	}
	for field, pr := range standing {
		if !held[field] && pr.Kind != "option" {
			if err := e.clearProblem(ctx, pr.Key); err != nil {
				return err
			}
		}
	}
	return nil
}

// pageProblem keeps the problem of a page that cannot become a record (or
// whose record cannot take it at all), tried again after a backoff.
func (e *Engine) pageProblem(ctx context.Context, spec EntitySpec, pg api.Page, err error) error {
	fix := "correct the page in Notion"
	var de *data.Error
	if errors.As(err, &de) && de.Field != "" {
		fix = fmt.Sprintf("correct its %s in Notion", dataField(spec, de.Field))
	}
	return e.retryProblem(ctx, syncdb.Problem{Key: pageKey(pg.ID), Kind: "page", Entity: spec.Entity, PageID: pg.ID, URL: pageURL(pg.ID),
		Message: fmt.Sprintf("%s page %q cannot be applied: %s", spec.Title, codec.PageTitle(pg, resolver{e}.Mapping(spec.Entity)), userMessage(err)),
		Fix:     fix, Edited: pg.LastEditedTime})
}

// mergeLinked merges a page with its record three ways. Held fields take
// part on neither side: their base stays, so a fix in Notion later reads as
// the change it is.
func (e *Engine) mergeLinked(ctx context.Context, p pulled) error {
	l, pg, spec := p.link, p.page, p.spec
	local, err := e.readSendable(ctx, spec, l.LocalID)
	if err != nil {
		return err
	}
	base := merge.Fields(l.Base)
	if base == nil {
		base = p.remote
	}
	held := e.heldFields(p)
	for f := range held {
		p.remote[f], local[f] = base[f], base[f]
	}
	if p.sent != nil && p.sent.PageID != "" {
		base = merge.JudgeLost(base, merge.Lost{Wrote: p.sent.Wrote, SentAt: p.sent.SentAt}, p.remote, pg.LastEditedTime)
	}
	plan := merge.Merge(base, local, p.remote, e.cfg.Winner)
	plan.ReportBase(l.Base)
	e.log.Debug("merge", "entity", spec.Entity, "id", l.LocalID, "page", pg.ID, "edited", pg.LastEditedTime,
		"base", base, "local", local, "remote", p.remote, "to_local", plan.ToLocal, "conflicts", plan.Conflicts)
	if base.Equal(p.remote) && len(plan.ToLocal) == 0 && l.Base != nil && p.sent == nil && len(held) == 0 &&
		pg.LastEditedTime.Equal(l.RemoteEdited) && l.Settled == p.settled && l.RemoteBy == pg.LastEditedBy.ID {
		return nil // nothing new: an echo of kaigi's own write, or an idle page
	}
	apply := merge.Fields{}
	for k, v := range plan.ToLocal {
		if k != codec.IDField.Name && !isPushOnly(spec, k) {
			apply[k] = v
		}
	}
	invalid, err := e.applyMerge(ctx, p, plan, apply)
	if err != nil {
		return err
	}
	if err := e.keepIssues(ctx, p, l.LocalID, held, p.issues, invalid); err != nil {
		return err
	}
	if err := e.settledOptions(ctx, p, local, apply); err != nil {
		return err
	}
	if err := e.clearProblem(ctx, pageKey(pg.ID)); err != nil {
		return err
	}
	if len(apply) > 0 {
		e.sum.Pulled++
		if apply[merge.Deleted] == "true" {
			e.sum.Trashed++
		}
	}
	e.sum.Conflicts += len(plan.Conflicts)
	switch plan.Revived {
	case "kaigi":
		e.warn("%s %s was deleted in kaigi but edited in Notion; the edit won and the record is back", spec.Title, l.LocalID)
	case "notion":
		e.warn("%s %s was trashed in Notion but edited in kaigi; the edit won and the page is restored", spec.Title, l.LocalID)
	}
	return nil
}

// heldFields are the fields of a merged page that sit out this merge: those
// kaigi cannot read now. (A value kaigi refused is tried again at every
// merge, and held again if still refused; a kaigi value with no option in
// Notion takes part: Notion's side may change meanwhile.)
func (e *Engine) heldFields(p pulled) map[string]bool {
	held := map[string]bool{}
	for f := range p.issues {
		held[f] = true
	}
	return held
}

// settledOptions clears the problems of kaigi values without an option in
// Notion that the merge settled: the record now holds a value Notion has.
func (e *Engine) settledOptions(ctx context.Context, p pulled, local, apply merge.Fields) error {
	standing, err := e.holds(ctx, p.spec.Entity, p.link.LocalID)
	if err != nil {
		return err
	}
	for f, pr := range standing {
		if pr.Kind != "option" {
			continue
		}
		v, ok := apply[f]
		if !ok {
			v = local[f]
		}
		if _, writable := e.cfg.Databases[p.spec.Entity].Values[f].Write(v); writable || v == p.link.Base[f] {
			if err := e.clearProblem(ctx, pr.Key); err != nil {
				return err
			}
		}
	}
	return nil
}

// applyMerge commits a merge: the merged values, the conflicts and the new
// base together. A crash after applying Notion's side but before recording
// the conflict would make the next merge see two equal sides and lose
// kaigi's value. A value the record refuses is left out (its base kept)
// and returned, to be held.
func (e *Engine) applyMerge(ctx context.Context, p pulled, plan merge.Plan, apply merge.Fields) (map[string]codec.FieldIssue, error) {
	invalid := map[string]codec.FieldIssue{}
	for {
		err := e.commitMerge(ctx, p, plan, apply)
		field, ok := refusedField(p.spec, err, apply, false)
		if !ok {
			if pageLevel(err) {
				return invalid, e.pageProblem(ctx, p.spec, p.page, err)
			}
			return invalid, err
		}
		invalid[field] = codec.FieldIssue{Kind: "invalid", Message: fmt.Sprintf("%s page %q: kaigi cannot take its %s: %s", p.spec.Title, p.page.ID, field, userMessage(err)),
			Fix: "correct it in Notion"}
		delete(apply, field)
		if b, ok := p.link.Base[field]; ok {
			p.remote[field] = b
		}
	}
}

func (e *Engine) commitMerge(ctx context.Context, p pulled, plan merge.Plan, apply merge.Fields) error {
	l, spec := p.link, p.spec
	return e.state.Atomically(data.WithOrigin(ctx, "notion"), func(ctx context.Context) error {
		if len(apply) > 0 {
			if _, err := e.records.write(ctx, spec.Entity, l.LocalID, apply, p.page.CreatedTime); err != nil {
				return err
			}
		}
		for _, c := range plan.Conflicts {
			if _, held := apply[c.Field]; !held && c.Winner == merge.WinnerNotion {
				continue // refused: no conflict to keep, the field is held
			}
			stored := syncdb.Conflict{Entity: spec.Entity, LocalID: l.LocalID, Field: c.Field, BaseValue: c.Base,
				LocalValue: c.Local, NotionValue: c.Remote, Applied: string(c.Winner)}
			if err := e.state.AddConflict(ctx, stored, e.clock.Now()); err != nil {
				return err
			}
		}
		if len(plan.ToRemote) > 0 {
			// Notion lags the merge (kaigi's side won somewhere) though the
			// record may have no journal entry past the outbox cursor: e.g.
			// it was deleted before its lost create's page was found.
			if err := e.state.QueuePush(ctx, spec.Entity, l.LocalID, lagsBehind, e.clock.Now()); err != nil {
				return err
			}
		}
		l.Base, l.RemoteEdited, l.RemoteBy, l.Settled, l.ConfirmedAt = p.remote, p.page.LastEditedTime, p.page.LastEditedBy.ID, p.settled, e.now
		if err := e.state.SaveLink(ctx, l, e.clock.Now()); err != nil {
			return err
		}
		if p.sent != nil {
			return e.state.DropSent(ctx, spec.Entity, l.LocalID)
		}
		return nil
	})
}
