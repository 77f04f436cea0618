// Package data is kaigi's domain and its SQLite store: typed IDs, states and
// validation, one coded error type, and the Store with ctx-first methods for
// series, meetings, agendas, decisions, tasks, LADRs, people, sessions and
// tokens, carry-forward, search, the change journal (the sync's outbox),
// backup and restore. It owns the database file and every migration in it,
// the Notion sync's notion_* tables included; the statements on those are
// notion/syncdb's, run through SharedConn. Only data and notion/syncdb
// contain SQL.
package data
