package forge

// Error is a forge's refusal, said in one line; Status is its HTTP status.
type Error struct {
	Status  int
	Message string
}

func (e *Error) Error() string { return e.Message }
