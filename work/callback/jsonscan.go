package callback

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WeCom can deliver callbacks as JSON instead of XML (数据格式 JSON): the
// body is {"tousername":"…","encrypt":"…","agentid":"…"} (keys in any
// case) and the decrypted message is a JSON object with the element names
// of the XML form ({"ToUserName":"…","CreateTime":1409659813,…}). Both are
// read into the same xmlDoc as XML, so that envelopes and events decode the
// same way whatever the format.

// isJSON reports whether b, past leading white space, starts an object.
func isJSON(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == '{'
}

// scanJSON reads a small JSON object safely: the top-level members become
// depth-1 fields (parent "xml"), the members of a nested object its
// children, the elements of an array children named "Item" (the XML form
// of a list; an array that is itself named Item gives repeated Items). Strings are unquoted, numbers kept as written, booleans
// "true"/"false", null "". Nesting beyond maxXMLDepth, more than
// maxXMLFields values and anything after the object are refused. Errors
// never quote the input.
func scanJSON(data []byte) (*xmlDoc, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	tok, err := d.Token()
	if err != nil {
		return nil, jsonErr(err)
	}
	if t, ok := tok.(json.Delim); !ok || t != '{' {
		return nil, fmt.Errorf("%w: JSON root is not an object", errXML)
	}
	doc := &xmlDoc{}
	if err := walkJSONObject(d, doc, 1, "xml"); err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: data after the JSON object", errXML)
	}
	return doc, nil
}

// walkJSONObject reads the members of an object whose '{' was read, and its
// closing '}'.
func walkJSONObject(d *json.Decoder, doc *xmlDoc, depth int, parent string) error {
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			return jsonErr(err)
		}
		key, ok := tok.(string)
		if !ok { // unreachable: the decoder only yields string keys
			return fmt.Errorf("%w: JSON key is not a string", errXML)
		}
		if err := walkJSONValue(d, doc, depth, parent, key, false); err != nil {
			return err
		}
	}
	if _, err := d.Token(); err != nil {
		return jsonErr(err)
	}
	return nil
}

// walkJSONValue reads one value and records it as the field name at depth;
// elem says it is an element of an array rather than a member.
func walkJSONValue(d *json.Decoder, doc *xmlDoc, depth int, parent, name string, elem bool) error {
	// The root is depth 0, as <xml> is: maxXMLDepth counts it.
	if depth >= maxXMLDepth {
		return fmt.Errorf("%w: nested deeper than %d", errXML, maxXMLDepth)
	}
	if len(doc.fields) >= maxXMLFields {
		return fmt.Errorf("%w: more than %d elements", errXML, maxXMLFields)
	}
	tok, err := d.Token()
	if err != nil {
		return jsonErr(err)
	}
	var value string
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			doc.fields = append(doc.fields, xmlField{depth: depth, parent: parent, name: name})
			return walkJSONObject(d, doc, depth+1, name)
		}
		// '[': "K":[a,b] reads as <K><Item>a</Item><Item>b</Item></K>, and
		// "Item":[a,b] (the list inside an object) as repeated <Item>s.
		elemDepth, elemParent := depth+1, name
		if name == "Item" && !elem {
			elemDepth, elemParent = depth, parent
		} else {
			doc.fields = append(doc.fields, xmlField{depth: depth, parent: parent, name: name})
		}
		for d.More() {
			if err := walkJSONValue(d, doc, elemDepth, elemParent, "Item", true); err != nil {
				return err
			}
		}
		if _, err := d.Token(); err != nil {
			return jsonErr(err)
		}
		return nil
	case string:
		value = t
	case json.Number:
		value = t.String()
	case bool:
		value = strconv.FormatBool(t)
	case nil:
	}
	doc.fields = append(doc.fields, xmlField{depth: depth, parent: parent, name: name, value: value})
	return nil
}

// jsonErr reports a decoder failure without its message, which may quote
// the input (decrypted content).
func jsonErr(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("%w: JSON syntax error at offset %d", errXML, se.Offset)
	}
	return fmt.Errorf("%w: unreadable JSON document", errXML)
}

// getFold returns the value of the first top-level field whose name
// equals name case-insensitively, and how many there are.
func (d *xmlDoc) getFold(name string) (string, int) {
	var v string
	n := 0
	for i := range d.fields {
		if f := &d.fields[i]; f.depth == 1 && strings.EqualFold(f.name, name) {
			if n == 0 {
				v = f.value
			}
			n++
		}
	}
	return v, n
}
