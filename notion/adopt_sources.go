package notion

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/kaigi-dev/kaigi/notion/api"
)

// Adopting a database of several data sources: 2022-06-28 is refused it,
// so adopt lists its sources (at 2025-09-03) and needs the one to sync
// named (--data-source); that source's schema is mapped and the choice kept
// for the sync (KeepAdoptedSources).

// AdoptedSources are a database's data sources and the one kaigi syncs.
type AdoptedSources struct {
	Database string
	List     []api.DataSource
	Mapped   string
}

// adoptSchema reads the schema of a database to adopt: as before for a
// database of one data source; 2022-06-28 is refused one of several, whose
// sources are listed then and the one named by --data-source read (none
// named: the line saying so, and no schema).
func adoptSchema(ctx context.Context, c *api.Client, spec EntitySpec, id string, named []string, rep *AdoptReport) (api.Database, string, error) {
	db, err := c.Database(ctx, id)
	if api.SeveralSources(err) {
		var chosen AdoptedSources
		if chosen, err = adoptSource(ctx, c, spec, id, named, rep); err != nil {
			return api.Database{}, "", err
		}
		if chosen.Mapped == "" {
			return api.Database{}, fmt.Sprintf("%s: database %s has several data sources (%s); choose the one kaigi syncs with --data-source SOURCE_ID",
				spec.Title, id, describeAPISources(chosen.List)), nil
		}
		rep.Chosen[spec.Entity] = chosen
		db, err = c.DataSourceSchema(ctx, chosen.Mapped)
	}
	if err != nil {
		return api.Database{}, "", fmt.Errorf("%s: %w", spec.Title, err)
	}
	return db, "", nil
}

// adoptSource lists the data sources of a database that has several and
// picks the one kaigi will sync: the one named by --data-source (Mapped
// stays empty when none is). They are listed in the report.
func adoptSource(ctx context.Context, c *api.Client, spec EntitySpec, dbID string, named []string, rep *AdoptReport) (AdoptedSources, error) {
	list, err := c.DataSources(ctx, dbID)
	if err != nil {
		return AdoptedSources{}, fmt.Errorf("%s: %w", spec.Title, err)
	}
	out := AdoptedSources{Database: dbID, List: list}
	if len(list) == 1 {
		out.Mapped = list[0].ID
		return out, nil
	}
	for _, src := range list {
		if slices.ContainsFunc(named, func(n string) bool { return api.SameID(n, src.ID) }) {
			out.Mapped = src.ID
		}
	}
	for _, src := range list {
		mark := ""
		if src.ID == out.Mapped {
			mark = " ← kaigi syncs this one"
		}
		rep.Sources = append(rep.Sources, fmt.Sprintf("%s: %s (%s)%s", spec.Title, sourceName(src.Name), src.ID, mark))
	}
	return out, nil
}

func sourceName(s string) string {
	if s == "" {
		return "untitled"
	}
	return s
}

func describeAPISources(list []api.DataSource) string {
	parts := make([]string, len(list))
	for i, s := range list {
		parts[i] = fmt.Sprintf("%s (%s)", sourceName(s.Name), s.ID)
	}
	return strings.Join(parts, ", ")
}
