package worktest

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// Binding requests. A handler that takes a typed request is declared as
//
//	func (s *Server) groupChatGet(c *call, req *groupChatGetRequest) (any, error)
//
// and routed with bound(s.groupChatGet): the framework decodes the JSON
// body (a POST) or the query string (a GET) into a new request, checks the
// fields tagged required, runs the request's validate method when it has
// one, and only then calls the handler. A field is required with
//
//	ChatID string `json:"chat_id" wt:"required"`       // missing: 40058 "chat_id is required"
//	UserID string `json:"userid" wt:"required=41009"`  // missing: 41009 missing userid
//
// where missing means the zero value: "", 0, a nil pointer, an empty
// slice or map. Fields are checked in their order, the first missing one
// answers. A value of the wrong JSON type answers 47001, like WeCom. A GET
// request fills its string, integer and bool fields from the query
// parameters named by their json tags.

// validator is a request with checks of its own, run after the required
// fields'.
type validator interface{ validate() error }

// bound adapts a handler of a typed request to a route's handle.
func bound[R any](h func(c *call, req *R) (any, error)) func(*call) (any, error) {
	info := fieldsOf(reflect.TypeFor[R]())
	return func(c *call) (any, error) {
		req := new(R)
		if c.body != nil {
			if err := c.bind(req); err != nil {
				return nil, err
			}
		} else if err := info.fromQuery(reflect.ValueOf(req).Elem(), c); err != nil {
			return nil, err
		}
		if err := info.required(reflect.ValueOf(req).Elem()); err != nil {
			return nil, err
		}
		if v, ok := any(req).(validator); ok {
			if err := v.validate(); err != nil {
				return nil, err
			}
		}
		return h(c, req)
	}
}

// boundField is one field of a request type.
type boundField struct {
	index    int
	name     string // the json name
	required bool
	code     int // errcode when missing; 0: 40058 "<name> is required"
}

type boundFields []boundField

var boundTypes sync.Map // reflect.Type → boundFields

// fieldsOf reads a request type's fields and tags, once per type. A bad
// wt tag is a programming error: it panics at the route's declaration,
// which every test of the group reaches.
func fieldsOf(t reflect.Type) boundFields {
	if v, ok := boundTypes.Load(t); ok {
		return v.(boundFields)
	}
	if t.Kind() != reflect.Struct {
		panic(fmt.Sprintf("worktest: bound: request %v is not a struct", t))
	}
	var out boundFields
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		bf := boundField{index: i, name: name}
		if tag, ok := f.Tag.Lookup("wt"); ok {
			code, found := strings.CutPrefix(tag, "required=")
			switch {
			case tag == "required":
				bf.required = true
			case found:
				n, err := strconv.Atoi(code)
				if err != nil {
					panic(fmt.Sprintf("worktest: bound: %v.%s: bad wt tag %q", t, f.Name, tag))
				}
				bf.required, bf.code = true, n
			default:
				panic(fmt.Sprintf("worktest: bound: %v.%s: bad wt tag %q", t, f.Name, tag))
			}
		}
		out = append(out, bf)
	}
	boundTypes.Store(t, out)
	return out
}

// required answers the first missing required field.
func (fs boundFields) required(v reflect.Value) error {
	for _, f := range fs {
		if f.required && (v.Field(f.index).IsZero() || isEmpty(v.Field(f.index))) {
			if f.code != 0 {
				return errCode(f.code)
			}
			return errParam("%s is required", f.name)
		}
	}
	return nil
}

func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Slice, reflect.Map:
		return v.Len() == 0
	}
	return false
}

// fromQuery fills the fields of a GET request from the query string; a
// number that does not parse answers 40058.
func (fs boundFields) fromQuery(v reflect.Value, c *call) error {
	for _, f := range fs {
		raw := c.query.Get(f.name)
		if raw == "" {
			continue
		}
		fv := v.Field(f.index)
		switch fv.Kind() {
		case reflect.String:
			fv.SetString(raw)
		case reflect.Int, reflect.Int64, reflect.Int32:
			n, err := strconv.ParseInt(raw, 10, 64)
			if err != nil {
				return errParam("%s must be an integer", f.name)
			}
			fv.SetInt(n)
		case reflect.Bool:
			b, err := strconv.ParseBool(raw)
			if err != nil {
				return errParam("%s must be true or false", f.name)
			}
			fv.SetBool(b)
		}
	}
	return nil
}
