package notion

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kaigi-dev/kaigi/data"
	"github.com/kaigi-dev/kaigi/notion/api"
	"github.com/kaigi-dev/kaigi/notion/blocks"
	"github.com/kaigi-dev/kaigi/notion/merge"
)

// decode reads a page's mapped properties as Fields in kaigi's terms:
// options through the value map, people by email, relations by link.
// The body is filled in by the caller.
func (e *Engine) decode(ctx context.Context, spec EntitySpec, fields []FieldSpec, pg api.Page) (merge.Fields, error) {
	dc := e.cfg.Databases[spec.Entity]
	out := merge.Fields{}
	for _, f := range fields {
		if f.Kind == KindBody {
			continue
		}
		name := dc.Properties[f.Name]
		v, ok := pg.Properties[name]
		if !ok {
			return nil, &api.ConfigError{Field: "mapping", Message: fmt.Sprintf("property %q (kaigi field %s) is missing from the %s database in Notion; it was renamed or deleted — map it again with 'kaigi notion adopt' or restore it", name, f.Name, spec.Title)}
		}
		switch f.Kind {
		case KindID, KindText:
			out[f.Name] = api.PlainText(v.RichText)
		case KindTitle:
			out[f.Name] = api.PlainText(v.Title)
		case KindSelect:
			out[f.Name] = fromOption(dc.Values[f.Name], v.OptionName(), f.Options)
		case KindDate, KindDateTime:
			if v.Date != nil {
				out[f.Name] = dateValue(f.Kind, v.Date.Start)
			} else {
				out[f.Name] = ""
			}
		case KindNumber:
			if v.Number != nil {
				out[f.Name] = strconv.FormatFloat(*v.Number, 'f', -1, 64)
			} else {
				out[f.Name] = ""
			}
		case KindPeople:
			var ids []string
			for _, u := range v.People {
				email := ""
				if u.Person != nil {
					email = u.Person.Email
				}
				if id := e.personByNotionUser(ctx, u.ID, email); id != "" {
					ids = append(ids, id)
				}
			}
			out[f.Name] = joinList(ids)
		case KindRelation:
			pageIDs := make([]string, 0, len(v.Relation))
			for _, r := range v.Relation {
				pageIDs = append(pageIDs, r.ID)
			}
			if v.HasMore {
				all, err := e.client.RelationIDs(ctx, pg.ID, v.ID)
				if err != nil {
					return nil, err
				}
				pageIDs = all
			}
			var ids []string
			for _, pid := range pageIDs {
				l, ok, err := e.state.LinkByPage(ctx, pid)
				if err != nil {
					return nil, err
				}
				if !ok {
					if l.LocalID, err = e.adoptMember(ctx, f.Target, pid); err != nil {
						return nil, err
					}
					l.Entity, ok = f.Target, l.LocalID != ""
				}
				if ok && l.Entity == f.Target {
					ids = append(ids, l.LocalID)
				}
			}
			out[f.Name] = joinList(ids)
		}
	}
	if pg.Trashed() {
		out[merge.Deleted] = "true"
	}
	return out, nil
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
	pg, err := e.client.Page(ctx, pageID)
	if api.IsNotFound(err) {
		return "", nil
	}
	if err != nil {
		return "", api.Explain(err, "page", pageID)
	}
	if !api.SameID(pg.Parent.DatabaseID, dc.ID) {
		return "", nil
	}
	if err := e.merge(ctx, spec, pg, true); err != nil {
		return "", err
	}
	l, ok, err := e.state.LinkByPage(ctx, pg.ID)
	if err != nil || !ok || l.Entity != target {
		return "", err
	}
	return l.LocalID, nil
}

// fromOption maps a Notion option name to kaigi's value: through the value
// map, else by kaigi's own spelling in any case; an unknown name is kept so
// that validation names it.
func fromOption(values map[string]string, name string, options []string) string {
	if name == "" {
		return ""
	}
	for _, k := range options {
		if v, ok := values[k]; ok && v == name {
			return k
		}
	}
	if i := indexOf(options, name); i >= 0 {
		return options[i]
	}
	return name
}

func toOption(values map[string]string, v string) string {
	if n, ok := values[v]; ok {
		return n
	}
	return v
}

// encode builds the properties of a create or update request for fields f.
// written returns what Notion will hold, in kaigi's terms (relations to
// records without a page yet, and people without a Notion account, left out).
func (e *Engine) encode(ctx context.Context, spec EntitySpec, f merge.Fields) (props map[string]any, written merge.Fields, err error) {
	dc := e.cfg.Databases[spec.Entity]
	props, written = map[string]any{}, merge.Fields{}
	for name, v := range f {
		fs, ok := spec.Field(name)
		if !ok || fs.Kind == KindBody {
			continue
		}
		prop, ok := dc.Properties[name]
		if !ok {
			continue
		}
		written[name] = v
		switch fs.Kind {
		case KindID, KindText:
			props[prop] = map[string]any{"rich_text": blocks.TextItems(v)}
		case KindTitle:
			props[prop] = map[string]any{"title": blocks.TextItems(v)}
		case KindSelect:
			t := dc.Types[prop]
			if t == "" {
				t = "select"
			}
			props[prop] = api.OptionValue(t, toOption(dc.Values[name], v))
		case KindDate, KindDateTime:
			props[prop] = api.DateValue(v)
		case KindNumber:
			props[prop] = api.NumberValue(v)
		case KindPeople:
			var users, kept []string
			for _, id := range splitList(v) {
				if uid := e.notionUserOf(ctx, data.PersonID(id)); uid != "" {
					users = append(users, uid)
					kept = append(kept, id)
				}
			}
			props[prop] = api.RefsValue("people", users)
			written[name] = joinList(kept)
		case KindRelation:
			var pages, kept []string
			for _, id := range splitList(v) {
				l, ok, err := e.state.LinkByLocal(ctx, fs.Target, id)
				if err != nil {
					return nil, nil, err
				}
				if ok {
					pages = append(pages, l.PageID)
					kept = append(kept, id)
				}
			}
			props[prop] = api.RefsValue("relation", pages)
			written[name] = joinList(kept)
		}
	}
	return props, written, nil
}

// personByNotionUser maps a Notion user to a kaigi person by email;
// unknown people are reported, not silently dropped.
func (e *Engine) personByNotionUser(ctx context.Context, userID, email string) string {
	if email == "" {
		if p, ok := e.directory(ctx)[userID]; ok {
			email = p.Email
		}
	}
	if email == "" {
		e.warn("Notion user %s has no visible email, so kaigi cannot match them; give the integration the \"read user information including email\" capability", userID)
		return ""
	}
	p, err := e.store.PersonByEmail(ctx, email)
	if err != nil {
		e.warn("Notion person %s is not a kaigi person; add them in kaigi with that email to sync their assignments", email)
		return ""
	}
	return string(p.ID)
}

// notionUserOf finds the Notion user of a kaigi person by email.
func (e *Engine) notionUserOf(ctx context.Context, id data.PersonID) string {
	p, err := e.store.Person(ctx, id)
	if err != nil || p.Email == "" {
		e.warn("kaigi person %s has no email, so they cannot be assigned in Notion", id)
		return ""
	}
	for _, u := range e.directory(ctx) {
		if strings.EqualFold(u.Email, p.Email) {
			return u.ID
		}
	}
	e.warn("kaigi person %s (%s) has no Notion account with that email", p.Name, p.Email)
	return ""
}

// directory is the workspace's people, read once per engine.
func (e *Engine) directory(ctx context.Context) map[string]api.Person {
	if e.people == nil {
		e.people = map[string]api.Person{}
		list, err := e.client.People(ctx)
		if err != nil {
			e.warn("cannot list Notion users: %s", userMessage(err))
		}
		for _, p := range list {
			e.people[p.ID] = p
		}
	}
	return e.people
}

// dateValue normalizes a Notion date start: date-only stays YYYY-MM-DD,
// a date with time becomes UTC RFC 3339 with seconds.
func dateValue(kind Kind, start string) string {
	if start == "" {
		return ""
	}
	if kind == KindDate {
		if len(start) >= 10 {
			return start[:10]
		}
		return start
	}
	if t, err := time.Parse(time.RFC3339Nano, start); err == nil {
		return t.UTC().Format(time.RFC3339)
	}
	if t, err := time.Parse(time.DateOnly, start); err == nil {
		return t.UTC().Format(time.RFC3339)
	}
	return start
}

// splitList and joinList keep multi-valued fields (people, relations) as
// one sorted, comma-separated string, so that equal sets compare equal.
func splitList(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

func joinList(ids []string) string {
	seen := map[string]bool{}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}
