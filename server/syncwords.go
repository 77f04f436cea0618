package server

import (
	"github.com/kaigi-dev/kaigi/templates/i18n"
	"github.com/kaigi-dev/kaigi/templates/pages"
)

// The sync engine writes its problems and errors in English, for the CLI
// and the log. The Sync page says them from the catalogs by their code
// (SyncProblem.Kind) in every language but English, where the engine's own
// words, which name the page and the value, are kept.

// syncProblemKinds are the catalog messages of the problems' codes: what is
// wrong and what to do.
var syncProblemKinds = map[string][2]string{
	"database": {"sync_problem.database", "sync_problem.database_fix"},
	"gone":     {"sync_problem.gone", "sync_problem.gone_fix"},
	"invalid":  {"sync_problem.invalid", "sync_problem.invalid_fix"},
	"option":   {"sync_problem.option", "sync_problem.option_fix"},
	"page":     {"sync_problem.page", "sync_problem.page_fix"},
	"people":   {"sync_problem.people", "sync_problem.people_fix"},
	"refused":  {"sync_problem.refused", "sync_problem.refused_fix"},
	"sources":  {"sync_problem.sources.message", "sync_problem.sources.fix"},
	"users":    {"sync_problem.users", "sync_problem.users_fix"},
	"value":    {"sync_problem.value", "sync_problem.value_fix"},
	"waits":    {"sync_problem.waits", "sync_problem.waits_fix"},
}

func syncProblemView(t *i18n.T, p SyncProblem, since string) pages.SyncProblem {
	v := pages.SyncProblem{Message: p.Message, URL: p.URL, Fix: p.Fix, Since: since}
	if t.Lang() == i18n.English {
		return v
	}
	ids, ok := syncProblemKinds[p.Kind]
	if !ok {
		ids = [2]string{"sync_problem.unknown", "sync_problem.unknown_fix"}
	}
	args := i18n.Args{"Kind": label(t, entityLabels, p.Entity)}
	v.Message, v.Fix = t.F(ids[0], args), t.F(ids[1], args)
	return v
}

// translatedSyncError is a run's error for the page: English as the engine
// wrote it, else the catalog's general words (the log has the detail).
func translatedSyncError(t *i18n.T, err string) string {
	if err == "" || t.Lang() == i18n.English {
		return err
	}
	return t.S("sync_run.failed")
}
