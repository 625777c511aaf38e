package worktest

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	pathAddAlbum    = "externalcontact/add_product_album"
	pathGetAlbum    = "externalcontact/get_product_album"
	pathListAlbums  = "externalcontact/get_product_album_list"
	pathUpdateAlbum = "externalcontact/update_product_album"
	pathDeleteAlbum = "externalcontact/delete_product_album"
)

// albumMedia records an image uploaded now by media/upload_attachment
// with attachmentType (2: product album, 1: moment).
func albumMedia(t *testing.T, s *Server, attachmentType int) string {
	t.Helper()
	var id string
	err := s.Media().write(func(st *store, now time.Time) error {
		m, err := st.media().create(st, &MediaFile{Type: "image", Name: "sku.png", Size: 2048, CreatedAt: now.Unix(), AttachmentType: attachmentType}, "")
		if err == nil {
			st.forgetMediaAtExpiry(m)
			id = m.MediaID
		}
		return err
	})
	require.NoError(t, err)
	return id
}

func images(ids ...string) []map[string]any {
	out := make([]map[string]any, len(ids))
	for i, id := range ids {
		out[i] = map[string]any{"type": "image", "image": map[string]any{"media_id": id}}
	}
	return out
}

type albumAnswer struct {
	Product struct {
		ProductID   string            `json:"product_id"`
		Description string            `json:"description"`
		Price       int64             `json:"price"`
		CreateTime  int64             `json:"create_time"`
		ProductSN   *string           `json:"product_sn"`
		Attachments []AlbumAttachment `json:"attachments"`
	} `json:"product"`
}

func TestProductAlbums(t *testing.T) {
	s := start(t, WithSeed(5))
	tok := token(t, s)
	front, back, third := albumMedia(t, s, 2), albumMedia(t, s, 2), albumMedia(t, s, 2)
	good := func(mut func(b map[string]any)) map[string]any {
		b := map[string]any{"description": "保温杯", "price": 8900, "product_sn": "CUP500", "attachments": images(front, back)}
		mut(b)
		return b
	}
	nine := make([]string, 10)
	for i := range nine {
		nine[i] = front
	}
	for name, c := range map[string]map[string]any{
		"no description":   good(func(b map[string]any) { delete(b, "description") }),
		"long description": good(func(b map[string]any) { b["description"] = strings.Repeat("好", 301) }),
		"negative price":   good(func(b map[string]any) { b["price"] = -1 }),
		"price too high":   good(func(b map[string]any) { b["price"] = 5_000_001 }),
		"sn with a dash":   good(func(b map[string]any) { b["product_sn"] = "CUP-500" }),
		"sn too long":      good(func(b map[string]any) { b["product_sn"] = strings.Repeat("A", 129) }),
		"no image":         good(func(b map[string]any) { delete(b, "attachments") }),
		"ten images":       good(func(b map[string]any) { b["attachments"] = images(nine...) }),
		"a video": good(func(b map[string]any) {
			b["attachments"] = []map[string]any{{"type": "video", "image": map[string]any{"media_id": "3v"}}}
		}),
		"no media_id": good(func(b map[string]any) { b["attachments"] = images("") }),
	} {
		assert.Equal(t, 40058, post(t, s, tok, pathAddAlbum, c, nil).ErrCode, name)
	}

	var add struct {
		ProductID string `json:"product_id"`
	}
	require.Zero(t, post(t, s, tok, pathAddAlbum, good(func(map[string]any) {}), &add).ErrCode)
	require.Len(t, add.ProductID, 32)
	var got albumAnswer
	require.Zero(t, post(t, s, tok, pathGetAlbum, map[string]any{"product_id": add.ProductID}, &got).ErrCode)
	assert.Equal(t, "保温杯", got.Product.Description)
	assert.EqualValues(t, 8900, got.Product.Price)
	assert.Equal(t, DefaultStart.Unix(), got.Product.CreateTime)
	assert.Equal(t, []AlbumAttachment{{"image", &AlbumImage{front}}, {"image", &AlbumImage{back}}}, got.Product.Attachments)

	// update: price 0 and the code cleared; the rest left as is.
	require.Zero(t, post(t, s, tok, pathUpdateAlbum, map[string]any{"product_id": add.ProductID, "price": 0, "product_sn": ""}, nil).ErrCode)
	got = albumAnswer{}
	require.Zero(t, post(t, s, tok, pathGetAlbum, map[string]any{"product_id": add.ProductID}, &got).ErrCode)
	assert.Zero(t, got.Product.Price)
	assert.Nil(t, got.Product.ProductSN, "cleared")
	assert.Equal(t, "保温杯", got.Product.Description)
	assert.Len(t, got.Product.Attachments, 2)
	assert.Equal(t, 40058, post(t, s, tok, pathUpdateAlbum, map[string]any{"product_id": add.ProductID, "attachments": []any{}}, nil).ErrCode,
		"an album keeps an image")
	require.Zero(t, post(t, s, tok, pathUpdateAlbum, map[string]any{"product_id": add.ProductID, "description": "保温杯 750ml",
		"attachments": images(third)}, nil).ErrCode)
	require.Zero(t, post(t, s, tok, pathGetAlbum, map[string]any{"product_id": add.ProductID}, &got).ErrCode)
	assert.Equal(t, "保温杯 750ml", got.Product.Description)
	assert.Equal(t, []AlbumAttachment{{"image", &AlbumImage{third}}}, got.Product.Attachments)
	assert.Equal(t, 40058, post(t, s, tok, pathUpdateAlbum, map[string]any{"product_id": "nope", "price": 1}, nil).ErrCode)

	// Another app's album may be read, not changed.
	other, err := s.Albums().Add(ProductAlbum{Description: "别的应用的商品", Price: 100, Attachments: []AlbumAttachment{{"image", &AlbumImage{front}}}}, "another-app")
	require.NoError(t, err)
	assert.Zero(t, post(t, s, tok, pathGetAlbum, map[string]any{"product_id": other}, nil).ErrCode)
	assert.Equal(t, 48002, post(t, s, tok, pathUpdateAlbum, map[string]any{"product_id": other, "price": 1}, nil).ErrCode)
	assert.Equal(t, 48002, post(t, s, tok, pathDeleteAlbum, map[string]any{"product_id": other}, nil).ErrCode)

	require.Zero(t, post(t, s, tok, pathDeleteAlbum, map[string]any{"product_id": add.ProductID}, nil).ErrCode)
	assert.Equal(t, 40058, post(t, s, tok, pathGetAlbum, map[string]any{"product_id": add.ProductID}, nil).ErrCode)
	_, ok := s.Albums().Get(other)
	assert.True(t, ok)
}

// The list pages in creation order; WeCom reads a limit above 100 as the
// default, 50, and so does the simulator.
func TestProductAlbumList(t *testing.T) {
	s := start(t, WithSeed(5))
	tok := token(t, s)
	img := albumMedia(t, s, 2)
	for i := range 60 {
		_, err := s.Albums().Add(ProductAlbum{Description: "商品" + itoa3(i), Price: int64(i), Attachments: []AlbumAttachment{{"image", &AlbumImage{img}}}}, "")
		require.NoError(t, err)
	}
	type page struct {
		NextCursor  string `json:"next_cursor"`
		ProductList []struct {
			Description string `json:"description"`
			CreateTime  *int64 `json:"create_time"`
		} `json:"product_list"`
	}
	var p page
	require.Zero(t, post(t, s, tok, pathListAlbums, map[string]any{"limit": 500}, &p).ErrCode)
	assert.Len(t, p.ProductList, 50, "above 100: the default")
	assert.Nil(t, p.ProductList[0].CreateTime, "the list carries no create_time")
	var rest page
	require.Zero(t, post(t, s, tok, pathListAlbums, map[string]any{"limit": 100, "cursor": p.NextCursor}, &rest).ErrCode)
	require.Len(t, rest.ProductList, 10)
	assert.Equal(t, "商品050", rest.ProductList[0].Description)
	assert.Empty(t, rest.NextCursor)
	assert.Equal(t, 40058, post(t, s, tok, pathListAlbums, map[string]any{"limit": -1}, nil).ErrCode)
}

func itoa3(i int) string {
	return string([]byte{byte('0' + i/100), byte('0' + i/10%10), byte('0' + i%10)})
}

// An album's images are product-album attachments that have not expired:
// anything else is 40007, on add and on update.
func TestProductAlbumImages(t *testing.T) {
	s := start(t, WithSeed(5))
	tok := token(t, s)
	album, moment := albumMedia(t, s, 2), albumMedia(t, s, 1)
	plain, err := s.Media().Add("image", "plain.png") // media/upload, no attachment type
	require.NoError(t, err)
	body := func(ids ...string) map[string]any {
		return map[string]any{"description": "保温杯", "price": 8900, "attachments": images(ids...)}
	}
	for name, ids := range map[string][]string{
		"a moment's attachment": {album, moment},
		"a media/upload image":  {plain},
		"never uploaded":        {"3NeverUploaded"},
	} {
		r := post(t, s, tok, pathAddAlbum, body(ids...), nil)
		assert.Equal(t, 40007, r.ErrCode, name)
	}
	var add struct {
		ProductID string `json:"product_id"`
	}
	require.Zero(t, post(t, s, tok, pathAddAlbum, body(album), &add).ErrCode)
	assert.Equal(t, 40007, post(t, s, tok, pathUpdateAlbum, map[string]any{"product_id": add.ProductID, "attachments": images(moment)}, nil).ErrCode)

	// Three days on, the upload has expired.
	s.Clock().Advance(MediaTTL)
	assert.Equal(t, 40007, post(t, s, token(t, s), pathAddAlbum, body(album), nil).ErrCode, "expired")
	_, err = s.Albums().Add(ProductAlbum{Description: "x", Attachments: []AlbumAttachment{{"image", &AlbumImage{album}}}}, "")
	assert.Error(t, err, "the back door keeps the rule")
}

func init() {
	fidelityGroups["product"] = true
	add := func(t *testing.T, f *fidelity, sn string) string {
		var out struct {
			ProductID string `json:"product_id"`
		}
		r := post(t, f.s, f.tok, pathAddAlbum, map[string]any{"description": "保真商品", "price": 100, "product_sn": sn,
			"attachments": images(albumMedia(t, f.s, 2))}, &out)
		require.Zero(t, r.ErrCode, r.ErrMsg)
		return out.ProductID
	}
	addFidelity(pathAddAlbum, func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.post(t, pathAddAlbum, map[string]any{"description": "保真", "price": 1, "attachments": images(albumMedia(t, f.s, 2))})}
	})
	addFidelity(pathGetAlbum, func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.post(t, pathGetAlbum, map[string]any{"product_id": add(t, f, "SN1")})}
	})
	addFidelity(pathListAlbums, func(t *testing.T, f *fidelity) [][]byte {
		add(t, f, "SN2")
		add(t, f, "SN3")
		return [][]byte{f.post(t, pathListAlbums, map[string]any{"limit": 1}), f.post(t, pathListAlbums, map[string]any{"limit": 100})}
	})
	addFidelity(pathUpdateAlbum, func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.post(t, pathUpdateAlbum, map[string]any{"product_id": add(t, f, "SN4"), "price": 2})}
	})
	addFidelity(pathDeleteAlbum, func(t *testing.T, f *fidelity) [][]byte {
		return [][]byte{f.post(t, pathDeleteAlbum, map[string]any{"product_id": add(t, f, "SN5")})}
	})
	fidelityExceptions[pathListAlbums] = map[string]string{
		"product_list[].create_time": "the catalogue row lists it; the doc's example and field table of get_product_album_list have none, " +
			"and the simulator answers like them (get_product_album has it)",
	}
}
