// Package i18n owns kaigi's user-visible text in Japanese and English: the
// message catalogs (catalog/en.toml, catalog/ja.toml, embedded; a
// translator edits them as they are), the choice of a language from a
// person's setting, Accept-Language or the server's default, and the
// formatting of dates and times for each language.
//
// A Catalog is loaded once at start. It holds one T per language, made
// ahead: T.S is a map lookup for a plain message; messages with values
// (F) or plurals (N) go through go-i18n's templates and CLDR plural rules.
// A request resolves its T once and hands it to the pages through the
// context (NewContext, From), to view models and to error messages.
//
// Message IDs are dotted (nav.home) and always written whole as string
// literals in the code, never assembled, so that a test can check that
// every ID the code names exists in both languages and that every message
// in the catalogs is used.
package i18n
