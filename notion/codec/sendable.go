package codec

import (
	"context"

	"github.com/kaigi-dev/kaigi/notion/merge"
)

// Sendable is f as it can reach Notion: without the relation members that
// have no page and may never get one (their records are in the kaigi trash),
// without the people who have no Notion account (each one standing
// problem), and with each option as Notion shows it back (a dropped agenda
// on a checkbox reads as open). Comparing this with the base is what keeps
// kaigi from writing, every cycle, a value Notion cannot hold.
func (c Codec) Sendable(ctx context.Context, spec EntitySpec, f merge.Fields) (merge.Fields, error) {
	out := merge.Fields{}
	for k, v := range f {
		out[k] = v
	}
	for _, fs := range spec.Fields {
		v, ok := f[fs.Name]
		if !ok || v == "" {
			continue
		}
		switch fs.Kind {
		case KindSelect:
			out[fs.Name] = c.RoundTrip(spec, fs, v)
		case KindPeople:
			_, kept, err := c.notionPeople(ctx, spec, v, f[IDField.Name])
			if err != nil {
				return nil, err
			}
			out[fs.Name] = JoinList(kept)
		case KindRelation:
			var kept []string
			for _, id := range SplitList(v) {
				ok, err := c.Resolver.Reachable(ctx, fs.Target, id)
				if err != nil {
					return nil, err
				}
				if ok {
					kept = append(kept, id)
				}
			}
			out[fs.Name] = JoinList(kept)
		}
	}
	return out, nil
}
