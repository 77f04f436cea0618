package notion

import "github.com/kaigi-dev/kaigi/notion/codec"

// The cycle names the codec's spec types and constants on nearly every
// line; they are codec's (notion/codec owns what each entity syncs and in
// which words), named here without the package.
type (
	EntitySpec = codec.EntitySpec
	FieldSpec  = codec.FieldSpec
	Kind       = codec.Kind
	Lang       = codec.Lang
)

const (
	KindID       = codec.KindID
	KindTitle    = codec.KindTitle
	KindText     = codec.KindText
	KindSelect   = codec.KindSelect
	KindDate     = codec.KindDate
	KindDateTime = codec.KindDateTime
	KindEnd      = codec.KindEnd
	KindPeople   = codec.KindPeople
	KindRelation = codec.KindRelation
	KindNumber   = codec.KindNumber
	KindBody     = codec.KindBody

	LangEnglish  = codec.LangEnglish
	LangJapanese = codec.LangJapanese
)
