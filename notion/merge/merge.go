// Package merge is the Notion sync's three-way merge, per field and pure:
// given a record's base (what both sides last agreed on), kaigi's values
// and Notion's, it says what each side must take, which fields conflict and
// which side's value a conflict takes until a person decides (the winner
// policy). It also judges a write whose answer was lost, given the base it
// would have made. Standard library only; no I/O, no clock, no database.
package merge

import "sort"

// Fields are a record's synced values in normalized text form, keyed by
// kaigi field name. The key Deleted is "true" for a record in the trash.
type Fields map[string]string

// Deleted is the field that marks a record in the trash ("true") on either side.
const Deleted = "deleted"

// Winner says which side's value a same-field conflict takes until a person decides.
type Winner string

const (
	WinnerNotion Winner = "notion"
	WinnerKaigi  Winner = "kaigi"
)

// Valid reports whether w is one of the two sides.
func (w Winner) Valid() bool { return w == WinnerNotion || w == WinnerKaigi }

// Conflict is one field both sides changed to different values since the
// base: both values are kept, and Winner's is applied.
type Conflict struct {
	Field  string
	Base   string
	Local  string
	Remote string
	Winner Winner
}

// Plan is the outcome of a three-way merge of one record.
type Plan struct {
	Result    Fields // the merged record
	ToLocal   Fields // fields whose merged value differs from kaigi's
	ToRemote  Fields // fields whose merged value differs from Notion's
	Conflicts []Conflict
	// Revived names the side whose delete lost to an edit on the other side
	// ("kaigi" or "notion"); empty when no delete was overruled.
	Revived string
}

// Merge is the three-way merge of one record: per field, a side that
// changed since the base wins; both changed to the same value is no
// conflict; both changed differently is a conflict that keeps both values
// and takes winner's. A delete loses to an edit on the other side.
func Merge(base, local, remote Fields, winner Winner) Plan {
	p := Plan{Result: Fields{}, ToLocal: Fields{}, ToRemote: Fields{}}
	localEdited, remoteEdited := false, false
	for _, f := range fieldNames(base, local, remote) {
		b, l, r := base[f], local[f], remote[f]
		localEdited = localEdited || l != b
		remoteEdited = remoteEdited || r != b
		v := b
		switch {
		case l == r:
			v = l
		case l == b:
			v = r
		case r == b:
			v = l
		default:
			p.Conflicts = append(p.Conflicts, Conflict{Field: f, Base: b, Local: l, Remote: r, Winner: winner})
			v = r
			if winner == WinnerKaigi {
				v = l
			}
		}
		p.Result[f] = v
	}
	deleted := p.mergeDeleted(base[Deleted], local[Deleted], remote[Deleted], localEdited, remoteEdited)
	if deleted != "" {
		p.Result[Deleted] = deleted
	}
	for f, v := range p.Result {
		if local[f] != v {
			p.ToLocal[f] = v
		}
		if remote[f] != v {
			p.ToRemote[f] = v
		}
	}
	if local[Deleted] != "" && deleted == "" {
		p.ToLocal[Deleted] = ""
	}
	if remote[Deleted] != "" && deleted == "" {
		p.ToRemote[Deleted] = ""
	}
	return p
}

// mergeDeleted merges the trash flag: a side that changed it wins, unless
// it put the record in the trash while the other side edited a field.
func (p *Plan) mergeDeleted(b, l, r string, localEdited, remoteEdited bool) string {
	switch {
	case l == r:
		return l
	case l != b && l == "true" && remoteEdited:
		p.Revived = "kaigi"
		return ""
	case r != b && r == "true" && localEdited:
		p.Revived = "notion"
		return ""
	case l != b:
		return l
	}
	return r
}

// fieldNames lists every field any side has, but Deleted, sorted.
func fieldNames(sides ...Fields) []string {
	keys := map[string]bool{}
	for _, m := range sides {
		for k := range m {
			if k != Deleted {
				keys[k] = true
			}
		}
	}
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// Equal reports whether f and o hold the same fields with the same values.
func (f Fields) Equal(o Fields) bool {
	if len(f) != len(o) {
		return false
	}
	for k, v := range f {
		if ov, ok := o[k]; !ok || ov != v {
			return false
		}
	}
	return true
}

// With is a copy of f with one field set.
func (f Fields) With(name, v string) Fields {
	out := Fields{name: v}
	for k, x := range f {
		if k != name {
			out[k] = x
		}
	}
	return out
}
