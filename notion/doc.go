// Package notion is kaigi's two-way sync engine with Notion databases: one
// cycle pulls every mapped database (incrementally, by content hash, with a
// reconciliation every few cycles), merges each page with its record three
// ways, and pushes what kaigi changed through the outbox. It also creates
// the databases (init), maps a team's own (adopt), and runs as the Service
// the server and the CLI use, with the webhook that asks it to pull.
//
// Its inner packages each own one job and are the only place for it:
// api talks to Notion, blocks turns Markdown into blocks and back, codec
// translates kaigi's fields to Notion's property values and back, merge
// decides per field, syncdb keeps the sync's state in kaigi's database.
// api, blocks and merge never import data; codec never imports the engine
// or syncdb; only data and syncdb contain SQL (internal/archtest checks
// them).
package notion
