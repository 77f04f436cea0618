// Package minutes writes a meeting's minutes — the typed data.Minutes the
// meeting page shows — as Markdown to download or copy, and as Slack
// mrkdwn to post to the team's channel, in the reader's language.
//
// It owns the two text formats and their escaping: what people typed can
// never change the document's structure. Titles and names are one line of
// literal text (Markdown's special characters backslash-escaped, line
// breaks made spaces); notes and bodies, which are Markdown people wrote,
// are kept as they are inside a block quote, where their headings, lists
// and fences stay. It reads nothing and knows no HTTP.
package minutes
