package callback

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// maxXMLDepth bounds element nesting. WeCom documents are at most three
// levels deep (<xml><MemChangeList><Item>); anything much deeper is refused
// before it can cost memory.
const maxXMLDepth = 8

// maxXMLFields bounds the number of elements collected from one document.
const maxXMLFields = 4096

// errXML is wrapped by scanXML failures; callers re-wrap it with the
// sentinel that fits (ErrMalformedEnvelope or ErrMalformedEvent).
var errXML = errors.New("xml")

// xmlField is one element of a WeCom document: its path below the root
// ("Encrypt", "MemChangeList/Item") and the character data directly inside it
// (CDATA included, entities expanded, not trimmed).
type xmlField struct {
	path  string
	value string
}

// xmlDoc is a scanned WeCom document: the root element's name and its
// elements in document order.
type xmlDoc struct {
	root   string
	fields []xmlField
}

// get returns the value of the first element at path.
func (d *xmlDoc) get(path string) string {
	for i := range d.fields {
		if d.fields[i].path == path {
			return d.fields[i].value
		}
	}
	return ""
}

// count returns how many elements sit at path.
func (d *xmlDoc) count(path string) int {
	n := 0
	for i := range d.fields {
		if d.fields[i].path == path {
			n++
		}
	}
	return n
}

// all returns the values of every element at path, in order.
func (d *xmlDoc) all(path string) []string {
	var out []string
	for i := range d.fields {
		if d.fields[i].path == path {
			out = append(out, d.fields[i].value)
		}
	}
	return out
}

// scanXML reads a small WeCom XML document safely: it refuses DOCTYPE and any
// other directive (so no entity declarations, internal or external), unknown
// entities, nesting beyond maxXMLDepth, more than maxXMLFields elements, a
// second root element and non-whitespace text outside the root. Namespaces
// are ignored (local names only). It never panics.
func scanXML(data []byte) (*xmlDoc, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	doc := &xmlDoc{}
	var (
		stack   []string // local names, root first
		text    []byte   // char data of the innermost open element
		texts   [][]byte // saved char data of the outer open elements
		sawRoot bool
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			// The decoder's messages quote names and entities from the
			// input, which may be decrypted content: report the line only.
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, fmt.Errorf("%w: syntax error on line %d", errXML, se.Line)
			}
			return nil, fmt.Errorf("%w: unreadable document", errXML)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				if sawRoot {
					return nil, fmt.Errorf("%w: more than one root element", errXML)
				}
				sawRoot = true
				doc.root = t.Name.Local
			}
			if len(stack) >= maxXMLDepth {
				return nil, fmt.Errorf("%w: nested deeper than %d", errXML, maxXMLDepth)
			}
			stack = append(stack, t.Name.Local)
			texts = append(texts, text)
			text = nil
		case xml.EndElement:
			// The decoder (Strict) guarantees the end matches the start.
			if len(stack) > 1 {
				if len(doc.fields) >= maxXMLFields {
					return nil, fmt.Errorf("%w: more than %d elements", errXML, maxXMLFields)
				}
				doc.fields = append(doc.fields, xmlField{path: joinPath(stack[1:]), value: string(text)})
			}
			stack = stack[:len(stack)-1]
			text = texts[len(texts)-1]
			texts = texts[:len(texts)-1]
		case xml.CharData:
			if len(stack) == 0 {
				if len(bytes.TrimSpace(t)) != 0 {
					return nil, fmt.Errorf("%w: text outside the root element", errXML)
				}
				continue
			}
			text = append(text, t...)
		case xml.Directive:
			// <!DOCTYPE ...>, <!ENTITY ...> and friends: WeCom never sends them.
			return nil, fmt.Errorf("%w: directive (DOCTYPE/ENTITY) not allowed", errXML)
		case xml.ProcInst, xml.Comment:
			// <?xml version="1.0"?> and comments are harmless.
		}
	}
	if !sawRoot {
		return nil, fmt.Errorf("%w: no root element", errXML)
	}
	return doc, nil
}

func joinPath(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	n := len(names) - 1
	for _, s := range names {
		n += len(s)
	}
	b := make([]byte, 0, n)
	for i, s := range names {
		if i > 0 {
			b = append(b, '/')
		}
		b = append(b, s...)
	}
	return string(b)
}
