package merge

import "time"

// Unknown stands, in a base returned by JudgeLost, for a field whose base
// nobody can know.
const Unknown = "\x00unknown"

// Lost is a write kaigi sent to a page whose answer never came (a crash, a
// timeout): what the page holds if the write was applied, and when it was sent.
type Lost struct {
	Wrote  Fields
	SentAt time.Time
}

// JudgeLost picks, per field of a lost write, the base to merge the page
// against: the written value where the page holds it (the write was
// applied); the old base where the page holds that and has not been edited
// since the write was sent, edited being the page's minute-rounded
// last_edited_time (it was not). Otherwise nobody can tell whether a person
// changed the field after the write or the write never arrived: the field
// gets Unknown and merges as changed on both sides, so differing values
// make a conflict that keeps both.
func JudgeLost(base Fields, w Lost, remote Fields, edited time.Time) Fields {
	out := Fields{}
	for k, v := range base {
		out[k] = v
	}
	for f, v := range w.Wrote {
		switch {
		case base[f] == v:
		case remote[f] == v:
			out[f] = v
		case remote[f] == base[f] && edited.Before(w.SentAt.Truncate(time.Minute)):
		case f != Deleted:
			out[f] = Unknown
		}
	}
	return out
}

// ReportBase gives the conflicts whose base JudgeLost left Unknown the
// last base kaigi knew, which is what a person is shown.
func (p *Plan) ReportBase(known Fields) {
	for i, c := range p.Conflicts {
		if c.Base == Unknown {
			p.Conflicts[i].Base = known[c.Field]
		}
	}
}
