package callback

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// maxXMLDepth bounds element nesting, the root included. WeCom documents are
// at most three levels deep (<xml><MemChangeList><Item>); anything much
// deeper is refused before it can cost memory.
const maxXMLDepth = 8

// maxXMLFields bounds the number of elements collected from one document.
const maxXMLFields = 4096

// errXML is wrapped by scanXML failures; callers re-wrap it with the
// sentinel that fits (ErrMalformedEnvelope or ErrMalformedEvent).
var errXML = errors.New("xml")

// xmlField is one element below the root of a WeCom document: its depth
// (1 for a child of the root), its local name, its parent's local name and
// the character data directly inside it (CDATA included, entities expanded,
// not trimmed). The names are the decoder's own strings, shared, so the
// fields take memory in proportion to the input whatever its shape.
type xmlField struct {
	depth  int
	parent string
	name   string
	value  string
}

// xmlDoc holds the elements of a scanned WeCom document in document order.
type xmlDoc struct {
	fields []xmlField
}

// get returns the value of the first top-level element called name.
func (d *xmlDoc) get(name string) string {
	for i := range d.fields {
		if f := &d.fields[i]; f.depth == 1 && f.name == name {
			return f.value
		}
	}
	return ""
}

// count returns how many top-level elements are called name.
func (d *xmlDoc) count(name string) int {
	n := 0
	for i := range d.fields {
		if f := &d.fields[i]; f.depth == 1 && f.name == name {
			n++
		}
	}
	return n
}

// children returns, in order, the values of the elements called name inside
// the top-level elements called parent (e.g. MemChangeList, Item).
func (d *xmlDoc) children(parent, name string) []string {
	var out []string
	for i := range d.fields {
		if f := &d.fields[i]; f.depth == 2 && f.parent == parent && f.name == name {
			out = append(out, f.value)
		}
	}
	return out
}

// scanXML reads a small WeCom XML document safely: it requires a single root
// element named xml, and refuses DOCTYPE and any other directive (so no
// entity declarations, internal or external), unknown entities, nesting
// beyond maxXMLDepth, more than maxXMLFields elements and non-whitespace text
// outside the root. Namespaces are ignored (local names only). Its errors
// never quote the input, and it never panics.
//
// It walks encoding/xml's tokens rather than using xml.Unmarshal, which
// skips a DOCTYPE silently, keeps the last of duplicate elements without a
// word (two Encrypt elements must be an error) and bounds neither depth nor
// element count as tightly.
func scanXML(data []byte) (*xmlDoc, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	doc := &xmlDoc{}
	var (
		stack   []string // local names of the open elements, root first
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
				if t.Name.Local != "xml" {
					return nil, fmt.Errorf("%w: root element is not <xml>", errXML)
				}
				sawRoot = true
			}
			if len(stack) >= maxXMLDepth {
				return nil, fmt.Errorf("%w: nested deeper than %d", errXML, maxXMLDepth)
			}
			stack = append(stack, t.Name.Local)
			texts = append(texts, text)
			text = nil
		case xml.EndElement:
			// The decoder (Strict) guarantees the end matches the start.
			if depth := len(stack) - 1; depth > 0 {
				if len(doc.fields) >= maxXMLFields {
					return nil, fmt.Errorf("%w: more than %d elements", errXML, maxXMLFields)
				}
				doc.fields = append(doc.fields, xmlField{depth: depth, parent: stack[depth-1],
					name: stack[depth], value: string(text)})
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
