package worktest

import (
	"strings"
	"testing"

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
	good := func(mut func(b map[string]any)) map[string]any {
		b := map[string]any{"description": "保温杯", "price": 8900, "product_sn": "CUP500", "attachments": images("3a", "3b")}
		mut(b)
		return b
	}
	nine := make([]string, 10)
	for i := range nine {
		nine[i] = "3x"
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
	assert.Equal(t, []AlbumAttachment{{"image", &AlbumImage{"3a"}}, {"image", &AlbumImage{"3b"}}}, got.Product.Attachments)

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
		"attachments": images("3c")}, nil).ErrCode)
	require.Zero(t, post(t, s, tok, pathGetAlbum, map[string]any{"product_id": add.ProductID}, &got).ErrCode)
	assert.Equal(t, "保温杯 750ml", got.Product.Description)
	assert.Equal(t, []AlbumAttachment{{"image", &AlbumImage{"3c"}}}, got.Product.Attachments)
	assert.Equal(t, 40058, post(t, s, tok, pathUpdateAlbum, map[string]any{"product_id": "nope", "price": 1}, nil).ErrCode)

	// Another app's album may be read, not changed.
	other, err := s.Albums().Add(ProductAlbum{Description: "别的应用的商品", Price: 100, Attachments: []AlbumAttachment{{"image", &AlbumImage{"3z"}}}}, "another-app")
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
	for i := range 60 {
		_, err := s.Albums().Add(ProductAlbum{Description: "商品" + itoa3(i), Price: int64(i), Attachments: []AlbumAttachment{{"image", &AlbumImage{"3m"}}}}, "")
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
