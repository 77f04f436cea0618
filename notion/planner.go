package notion

import "sort"

// Fields are a record's synced values in normalized text form, keyed by
// kaigi field name. The key "deleted" is "true" for a record in the trash.
type Fields map[string]string

const deletedKey = "deleted"

// Conflict is one field both sides changed to different values since the base.
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

// Merge is the pure three-way merge of one record: per field, a side that
// changed since the base wins; both changed to the same value is no
// conflict; both changed differently is a conflict that keeps both values
// and takes winner's. A delete loses to an edit on the other side.
func Merge(base, local, remote Fields, winner Winner) Plan {
	p := Plan{Result: Fields{}, ToLocal: Fields{}, ToRemote: Fields{}}
	keys := map[string]bool{}
	for _, m := range []Fields{base, local, remote} {
		for k := range m {
			keys[k] = true
		}
	}
	names := make([]string, 0, len(keys))
	for k := range keys {
		if k != deletedKey {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	localEdited, remoteEdited := false, false
	for _, f := range names {
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
			c := Conflict{Field: f, Base: b, Local: l, Remote: r, Winner: winner}
			p.Conflicts = append(p.Conflicts, c)
			v = r
			if winner == WinnerKaigi {
				v = l
			}
		}
		p.Result[f] = v
	}
	bd, ld, rd := base[deletedKey], local[deletedKey], remote[deletedKey]
	deleted := bd
	switch {
	case ld == rd:
		deleted = ld
	case ld != bd && ld == "true" && remoteEdited:
		p.Revived = "kaigi"
		deleted = ""
	case rd != bd && rd == "true" && localEdited:
		p.Revived = "notion"
		deleted = ""
	case ld != bd:
		deleted = ld
	default:
		deleted = rd
	}
	if deleted != "" {
		p.Result[deletedKey] = deleted
	}
	for f, v := range p.Result {
		if local[f] != v {
			p.ToLocal[f] = v
		}
		if remote[f] != v {
			p.ToRemote[f] = v
		}
	}
	for _, side := range []struct {
		have Fields
		diff Fields
	}{{local, p.ToLocal}, {remote, p.ToRemote}} {
		if side.have[deletedKey] != "" && deleted == "" {
			side.diff[deletedKey] = ""
		}
	}
	return p
}
