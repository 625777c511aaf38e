package worktest

import (
	"encoding/base64"
	"encoding/binary"
	"hash/fnv"
	"sort"
)

// Cursors are opaque to clients but carry no server-side state: each one
// encodes the sequence number of the last item returned (keyset pagination)
// and a fingerprint of the query it belongs to. So:
//   - any number of clients can page concurrently, and a cursor never
//     expires or runs out of server memory;
//   - a walk never repeats or skips an item, even while other clients add or
//     remove items (new items, which get higher sequence numbers, show up at
//     the end; removed ones are simply not returned);
//   - a cursor replayed with a different query (other userid_list, other
//     external_userid) is rejected with 50100 (分页查询的游标无效, WeCom's
//     global code for an invalid cursor) instead of paging nonsense.
//
// Layout before base64url: version byte, 8-byte fingerprint, uvarint last
// sequence number, 4-byte FNV-1a checksum of the preceding bytes.

const cursorVersion = 1

// fingerprint hashes the parts that identify a paged query (the path first).
func fingerprint(parts ...string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// encodeCursor returns the cursor of the page after the item with sequence
// number last, for the query fingerprint fp.
func encodeCursor(fp, last uint64) string {
	b := make([]byte, 0, 1+8+binary.MaxVarintLen64+4)
	b = append(b, cursorVersion)
	b = binary.BigEndian.AppendUint64(b, fp)
	b = binary.AppendUvarint(b, last)
	h := fnv.New32a()
	h.Write(b)
	b = h.Sum(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor returns the sequence number a cursor resumes after: 0 for
// "", an error (50100) for a cursor that is malformed or belongs to another
// query.
func decodeCursor(raw string, fp uint64) (uint64, error) {
	if raw == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(raw)
	if err != nil || len(b) < 1+8+1+4 || b[0] != cursorVersion {
		return 0, errCode(codeInvalidCursor)
	}
	body, sum := b[:len(b)-4], b[len(b)-4:]
	h := fnv.New32a()
	h.Write(body)
	if string(h.Sum(nil)) != string(sum) {
		return 0, errCode(codeInvalidCursor)
	}
	if binary.BigEndian.Uint64(body[1:9]) != fp {
		return 0, errDetail(codeInvalidCursor, "the cursor belongs to another query")
	}
	last, n := binary.Uvarint(body[9:])
	if n <= 0 || 9+n != len(body) {
		return 0, errCode(codeInvalidCursor)
	}
	return last, nil
}

// paginate returns one page of a keyset walk over list, which is in
// sequence order (seq gives an item's sequence number): the items after
// the cursor that keep accepts (nil: all), at most limit of them, and the
// cursor of the next page, "" when no accepted item follows. query are
// the request's values that define the walk besides the path (filters,
// userids, in a canonical order): a cursor from another query, or a
// malformed one, answers 50100. A handler pages in one line:
//
//	list, next, err := paginate(c, req.Cursor, req.Limit, items, seqOf, keep, req.UserID)
func paginate[E any](c *call, cursor string, limit int, list []E, seq func(E) uint64, keep func(E) bool, query ...string) ([]E, string, error) {
	fp := fingerprint(append([]string{c.path}, query...)...)
	after, err := decodeCursor(cursor, fp)
	if err != nil {
		return nil, "", err
	}
	i := sort.Search(len(list), func(i int) bool { return seq(list[i]) > after })
	out := []E{}
	for _, e := range list[i:] {
		if keep != nil && !keep(e) {
			continue
		}
		if len(out) == limit {
			return out, encodeCursor(fp, seq(out[len(out)-1])), nil
		}
		out = append(out, e)
	}
	return out, "", nil
}
