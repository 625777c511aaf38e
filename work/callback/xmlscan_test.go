package callback

import (
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Lookups see only the level they name: a nested Encrypt or a MemChangeList
// below another element does not count.
func TestScanXMLLevels(t *testing.T) {
	doc, err := scanXML([]byte(`<?xml version="1.0"?>
<xml>
	<Encrypt>top</Encrypt>
	<Wrap><Encrypt>nested</Encrypt><MemChangeList><Item>deep</Item></MemChangeList></Wrap>
	<MemChangeList><Item>a</Item><Other>x</Other><Item><![CDATA[b]]></Item></MemChangeList>
	<Mixed>one<Child>c</Child>two</Mixed>
</xml>`))
	require.NoError(t, err)
	assert.Equal(t, 1, doc.count("Encrypt"))
	assert.Equal(t, "top", doc.get("Encrypt"))
	assert.Equal(t, []string{"a", "b"}, doc.children("MemChangeList", "Item"))
	assert.Equal(t, "onetwo", doc.get("Mixed"), "the element's own text, without its children's")
	assert.Equal(t, []string{"c"}, doc.children("Mixed", "Child"))
	assert.Empty(t, doc.get("Item"))
	assert.Empty(t, doc.get("Missing"))
	assert.Nil(t, doc.children("Wrap", "Item"))
}

// What scanXML keeps grows with the input, whatever its shape. Paths built
// per element once turned 1 MB (one 500 KB element name around 4000 empty
// children) into 4 GB of allocations before the signature was even checked.
func TestScanXMLMemoryIsLinear(t *testing.T) {
	name := strings.Repeat("A", 500_000)
	body := []byte("<xml><" + name + ">" + strings.Repeat("<b/>", 4000) + "</" + name + "></xml>")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	doc, err := scanXML(body)
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	assert.Len(t, doc.children(name, "b"), 4000)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(16*len(body)),
		"allocated %d bytes for a %d-byte document", after.TotalAlloc-before.TotalAlloc, len(body))
}
