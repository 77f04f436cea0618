package pages

// View models of the settings page, the admin pages and the pages an
// invite or reset link opens.

// Settings is a person's own settings page.
type Settings struct {
	CSRF        string
	Form        Form // a failed save, shown again
	Saved       bool
	Langs       []Option // the browser's, 日本語, English
	Zones       []string // suggestions for the time zone field
	TimeZone    string
	ServerZone  string // what an empty time zone means
	Hours       []Option
	Email       string // where digest mail goes
	DigestMail  bool
	DigestSlack bool
	MailOn      bool // the server can send mail (KAIGI_SMTP_ADDR)
	SlackOn     bool // the server has a webhook (KAIGI_SLACK_WEBHOOK_URL)
	Digests     []DigestLine
	Calendar    Calendar
	// Password is the password-change form: its failed try, or Changed.
	Password        Form
	PasswordChanged bool
}

// DigestLine is one digest the person was sent (or that failed).
type DigestLine struct {
	Day, Channel, State, Tasks, Error string
}

// Calendar is the person's private calendar address.
type Calendar struct {
	On, LastUsed, Created string // On is "" when there is no address
	NewURLs               []FeedURL
}

// FeedURL is one calendar address, shown once after it was made.
type FeedURL struct {
	Label, URL string
}

// AdminUsers is the users page: who can log in, invites and resets.
type AdminUsers struct {
	CSRF    string
	Users   []AdminUser
	Links   []AdminLink
	Invite  Form
	Roles   []Option
	NewLink *NewLink      // the link just made, shown once
	Error   string        // an action on a row that was refused
	Replica *AdminReplica // nil when no continuous replica is configured
}

// AdminReplica is the continuous replica's state, formatted for the page.
type AdminReplica struct {
	Target  string // URL without a password
	Last    string // when the replica last confirmed every write; "" for never
	Lag     string // e.g. "1.2"
	Current bool
	Error   string
}

// AdminUser is one row of the users table.
type AdminUser struct {
	ID, Name, Email, Created, LastLogin string
	Admin, Active, Self                 bool
}

// AdminLink is a pending invite or reset link.
type AdminLink struct {
	ID, Email, Name, Expires string
	Reset, Expired           bool
}

// NewLink is a link to hand to someone, shown only on the page that made it.
type NewLink struct {
	For, URL, Expires string
	Reset             bool
}

// AdminTokens is the API tokens page.
type AdminTokens struct {
	CSRF     string
	Tokens   []AdminToken
	Users    []Option
	Form     Form
	NewToken string // the token just made, shown once
	NewName  string
}

// AdminToken is one API token.
type AdminToken struct {
	ID, Name, Owner, Created, LastUsed, Revoked string
}

// AdminPeople is the person list: everyone kaigi knows, users or not.
type AdminPeople struct {
	CSRF   string
	People []AdminPerson
	Form   Form
}

// AdminPerson is one person; Revision guards the inline edit.
type AdminPerson struct {
	ID, Name, Email, Revision string
	User, Admin               bool
}

// AccountLinkPage is what an invite or reset link opens.
type AccountLinkPage struct {
	Reset       bool
	Action      string
	CSRF        string
	Email, Name string
	Form        Form
}
