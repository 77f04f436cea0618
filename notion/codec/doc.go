// Package codec is the translation between kaigi's fields and Notion's
// property values, and the only place for it: which fields each synced
// entity has and how each is kept in Notion (specs.go), what init names
// databases, properties and options in each language (names.go), the words
// that read as each kaigi value (words.go), the value maps that tie kaigi's
// values to a team's options (values.go, propose.go), the check of a
// mapping against a database's schema (mapping.go), and a page's properties
// read as fields (Decode), fields written as properties (Encode), and a
// record as it can reach Notion (Sendable). LADR sections in a page body are
// here too (ladr.go).
//
// It holds no state and makes no request: what it must know of the sync
// (people, the pages of records, schemas, a series' time zone) it asks the
// Resolver the engine implements. It never imports the engine, the sync
// state (syncdb) or SQL (internal/archtest checks it), so it is tested with
// tables, without the fake Notion.
package codec
