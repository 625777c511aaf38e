package product_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
	"github.com/wecomkit/wecom/work/product"
)

const (
	pAdd    = "externalcontact/add_product_album"
	pGet    = "externalcontact/get_product_album"
	pList   = "externalcontact/get_product_album_list"
	pUpdate = "externalcontact/update_product_album"
	pDelete = "externalcontact/delete_product_album"

	productID = "xmb2RBCgAAqcfuRQ8z8aUAHtE7hFzCvw"
	imageA    = "3a8asd892asd8asd-wNP0PAmNdMdYUoDY0ejGKEcVqGf1c7m"
	imageB    = "3bHh5a2MP2xnvvh3qPYaTc9Jc6yDbWnFTrq8Y5rUXs1VTc"
	okReply   = `{"errcode":0,"errmsg":"ok"}`
)

type (
	C   = *product.Client
	tc  = wiretest.Case[C]
	bad = wiretest.Bad[C]
)

func fixture(t *testing.T, name string) string {
	t.Helper()
	return wiretest.Fixture(t, "product", name)
}

func images(n int) []product.Attachment {
	out := make([]product.Attachment, n)
	for i := range out {
		out[i] = product.NewImage(fmt.Sprintf("3img%02d", i))
	}
	return out
}

func imagesJSON(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`{"type":"image","image":{"media_id":"3img%02d"}}`, i)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

var (
	wantAlbum = &product.Album{
		ProductID: productID, Description: "保温杯 500ml 不锈钢真空内胆，12小时保温", Price: 8900, ProductSN: "CUP500BK",
		Attachments: []product.Attachment{product.NewImage(imageA), product.NewImage(imageB)}, CreateTime: 1714528800,
	}
	page1 = []product.Album{
		{ProductID: productID, Description: "保温杯 500ml 不锈钢真空内胆，12小时保温", Price: 8900, ProductSN: "CUP500BK",
			Attachments: []product.Attachment{product.NewImage(imageA)}},
		{ProductID: "xmb2RBCgAAy3Xw0dKc1Fh4Lp9QvN7sTe", Description: "帆布托特包", Price: 0,
			Attachments: []product.Attachment{product.NewImage("3cK9q1Zx8eR2tY7uI4oP6aS0dF5gH3jKlZxCvBnMqWe")}},
	}
	page2 = []product.Album{{ProductID: "xmb2RBCgAAm8Rt5Yu2Io4Pa6Sd8Fg0HjKl", Description: "陶瓷马克杯", Price: 3900, ProductSN: "MUG350",
		Attachments: []product.Attachment{product.NewImage("3dL0w2Xc9fT3yU8iO5pA7sD1fG6hJ4kLzXcVbNmQwEr")}}}
)

func TestWire(t *testing.T) {
	exec := func(name, path string, call func(ctx context.Context, c C) error, body string) tc {
		return tc{Name: name, Method: "POST", Path: path,
			Call:     func(ctx context.Context, c C) (any, error) { return nil, call(ctx, c) },
			Exchange: wiretest.Exchange{Body: body, Reply: okReply}}
	}
	create := func(mut func(r *product.CreateRequest)) func(ctx context.Context, c C) error {
		return func(ctx context.Context, c C) error {
			r := product.CreateRequest{Description: "保温杯", Price: 8900, Attachments: images(1)}
			mut(&r)
			_, err := c.CreateProductAlbum(ctx, &r)
			return err
		}
	}
	update := func(r product.UpdateRequest) func(ctx context.Context, c C) error {
		return func(ctx context.Context, c C) error { return c.UpdateProductAlbum(ctx, &r) }
	}
	wiretest.Suite[C]{
		Endpoints: product.Endpoints(),
		New:       product.New,
		Cases: []tc{
			{
				Method: "POST", Path: pAdd,
				Call: func(ctx context.Context, c C) (any, error) {
					return c.CreateProductAlbum(ctx, &product.CreateRequest{
						Description: "保温杯 500ml 不锈钢真空内胆，12小时保温", Price: 8900, ProductSN: "CUP500BK",
						Attachments: []product.Attachment{product.NewImage(imageA), product.NewImage(imageB)}})
				},
				Exchange: wiretest.Exchange{
					Body: `{"description":"保温杯 500ml 不锈钢真空内胆，12小时保温","price":8900,"product_sn":"CUP500BK",
						"attachments":[{"type":"image","image":{"media_id":"` + imageA + `"}},{"type":"image","image":{"media_id":"` + imageB + `"}}]}`,
					Reply: fixture(t, "add_product_album")},
				Want: productID,
			},
			{
				// 0 fen is a price and is sent; no product code, no key.
				Name: "add_product_album/free, no code", Method: "POST", Path: pAdd,
				Call: func(ctx context.Context, c C) (any, error) {
					return c.CreateProductAlbum(ctx, &product.CreateRequest{Description: "帆布托特包", Attachments: images(1)})
				},
				Exchange: wiretest.Exchange{Body: `{"description":"帆布托特包","price":0,"attachments":` + imagesJSON(1) + `}`, Reply: fixture(t, "add_product_album")},
				Want:     productID,
			},
			{
				Name: "add_product_album/limits themselves accepted", Method: "POST", Path: pAdd,
				Call: func(ctx context.Context, c C) (any, error) {
					return c.CreateProductAlbum(ctx, &product.CreateRequest{Description: strings.Repeat("好", 300), Price: product.MaxPrice,
						ProductSN: strings.Repeat("A9", 64), Attachments: images(9)})
				},
				Exchange: wiretest.Exchange{
					Body:  `{"description":"` + strings.Repeat("好", 300) + `","price":5000000,"product_sn":"` + strings.Repeat("A9", 64) + `","attachments":` + imagesJSON(9) + `}`,
					Reply: fixture(t, "add_product_album")},
				Want: productID,
			},
			{
				Method: "POST", Path: pGet,
				Call:     func(ctx context.Context, c C) (any, error) { return c.GetProductAlbumDetails(ctx, productID) },
				Exchange: wiretest.Exchange{Body: `{"product_id":"` + productID + `"}`, Reply: fixture(t, "get_product_album")},
				Want:     wantAlbum,
			},
			{
				Method: "POST", Path: pList,
				Call: func(ctx context.Context, c C) (any, error) {
					return c.GetProductAlbums(ctx, &product.ListRequest{Limit: 2, Cursor: "CURSOR"})
				},
				Exchange: wiretest.Exchange{Body: `{"limit":2,"cursor":"CURSOR"}`, Reply: fixture(t, "get_product_album_list")},
				Want:     &product.ListResponse{Products: page1, NextCursor: "UFJPRFVDVF9DVVJTT1JfMg"},
			},
			{
				// WeCom would read 500 as its default, 50: the SDK sends 100.
				Name: "get_product_album_list/limit above 100", Method: "POST", Path: pList,
				Call: func(ctx context.Context, c C) (any, error) {
					return c.GetProductAlbums(ctx, &product.ListRequest{Limit: 500})
				},
				Exchange: wiretest.Exchange{Body: `{"limit":100}`, Reply: fixture(t, "get_product_album_list_last")},
				Want:     &product.ListResponse{Products: page2},
			},
			{
				Name: "get_product_album_list/GetProductAlbumsAll", Method: "POST", Path: pList,
				Call: func(ctx context.Context, c C) (any, error) {
					return wiretest.Walked(c.GetProductAlbumsAll(ctx, nil))
				},
				Exchange: wiretest.Exchange{Body: `{}`, Reply: fixture(t, "get_product_album_list")},
				Then:     []wiretest.Exchange{{Body: `{"cursor":"UFJPRFVDVF9DVVJTT1JfMg"}`, Reply: fixture(t, "get_product_album_list_last")}},
				Want:     append(append([]product.Album{}, page1...), page2...),
			},
			// Leave as is: only the price changes, to 0 fen.
			exec("update_product_album/price to zero", pUpdate, update(product.UpdateRequest{ProductID: productID, Price: core.Ptr[int64](0)}),
				`{"product_id":"`+productID+`","price":0}`),
			// Clear: the product code set to "" is sent; nothing else is.
			exec("update_product_album/clear the code", pUpdate, update(product.UpdateRequest{ProductID: productID, ProductSN: core.Ptr("")}),
				`{"product_id":"`+productID+`","product_sn":""}`),
			exec("update_product_album/everything", pUpdate, update(product.UpdateRequest{ProductID: productID, Description: "保温杯 750ml",
				Price: core.Ptr[int64](9900), ProductSN: core.Ptr("CUP750"), Attachments: images(2)}),
				`{"product_id":"`+productID+`","description":"保温杯 750ml","price":9900,"product_sn":"CUP750","attachments":`+imagesJSON(2)+`}`),
			exec("", pDelete, func(ctx context.Context, c C) error { return c.DeleteProductAlbum(ctx, productID) }, `{"product_id":"`+productID+`"}`),
		},
		Bad: []bad{
			{Name: "add nil", Path: pAdd, Field: "request", Call: func(ctx context.Context, c C) error { _, err := c.CreateProductAlbum(ctx, nil); return err }},
			{Name: "add no description", Path: pAdd, Field: "description", Call: create(func(r *product.CreateRequest) { r.Description = "" })},
			{Name: "add description 301", Path: pAdd, Field: "description", Call: create(func(r *product.CreateRequest) { r.Description = strings.Repeat("好", 301) })},
			{Name: "add negative price", Path: pAdd, Field: "price", Call: create(func(r *product.CreateRequest) { r.Price = -1 })},
			{Name: "add price above 50000 yuan", Path: pAdd, Field: "price", Call: create(func(r *product.CreateRequest) { r.Price = product.MaxPrice + 1 })},
			{Name: "add product_sn 129 bytes", Path: pAdd, Field: "product_sn", Call: create(func(r *product.CreateRequest) { r.ProductSN = strings.Repeat("A", 129) })},
			{Name: "add product_sn with a dash", Path: pAdd, Field: "product_sn", Call: create(func(r *product.CreateRequest) { r.ProductSN = "CUP-500" })},
			{Name: "add product_sn not ASCII", Path: pAdd, Field: "product_sn", Call: create(func(r *product.CreateRequest) { r.ProductSN = "杯500" })},
			{Name: "add no image", Path: pAdd, Field: "attachments", Call: create(func(r *product.CreateRequest) { r.Attachments = nil })},
			{Name: "add 10 images", Path: pAdd, Field: "attachments", Call: create(func(r *product.CreateRequest) { r.Attachments = images(10) })},
			{Name: "add attachment not an image", Path: pAdd, Field: "attachments[1].type", Call: create(func(r *product.CreateRequest) {
				r.Attachments = []product.Attachment{product.NewImage("3a"), {Type: "video", Image: &product.Image{MediaID: "3b"}}}
			})},
			{Name: "add image without media_id", Path: pAdd, Field: "attachments[0].image.media_id", Call: create(func(r *product.CreateRequest) {
				r.Attachments = []product.Attachment{product.NewImage("")}
			})},
			{Name: "add image without image", Path: pAdd, Field: "attachments[0].image.media_id", Call: create(func(r *product.CreateRequest) {
				r.Attachments = []product.Attachment{{Type: product.AttachmentImage}}
			})},
			{Name: "get no id", Path: pGet, Field: "product_id", Call: func(ctx context.Context, c C) error { _, err := c.GetProductAlbumDetails(ctx, ""); return err }},
			{Name: "list negative limit", Path: pList, Field: "limit", Call: func(ctx context.Context, c C) error {
				_, err := c.GetProductAlbums(ctx, &product.ListRequest{Limit: -1})
				return err
			}},
			{Name: "list all negative limit", Path: pList, Field: "limit", Call: func(ctx context.Context, c C) error {
				return wiretest.Refused(c.GetProductAlbumsAll(ctx, &product.ListRequest{Limit: -1}))
			}},
			{Name: "update nil", Path: pUpdate, Field: "request", Call: func(ctx context.Context, c C) error { return c.UpdateProductAlbum(ctx, nil) }},
			{Name: "update no id", Path: pUpdate, Field: "product_id", Call: update(product.UpdateRequest{Description: "x"})},
			{Name: "update nothing", Path: pUpdate, Field: "request", Call: update(product.UpdateRequest{ProductID: productID})},
			{Name: "update description 301", Path: pUpdate, Field: "description", Call: update(product.UpdateRequest{ProductID: productID, Description: strings.Repeat("好", 301)})},
			{Name: "update price too high", Path: pUpdate, Field: "price", Call: update(product.UpdateRequest{ProductID: productID, Price: core.Ptr[int64](5_000_001)})},
			{Name: "update bad product_sn", Path: pUpdate, Field: "product_sn", Call: update(product.UpdateRequest{ProductID: productID, ProductSN: core.Ptr("A B")})},
			{Name: "update empty attachments", Path: pUpdate, Field: "attachments", Call: update(product.UpdateRequest{ProductID: productID, Attachments: []product.Attachment{}})},
			{Name: "update 10 images", Path: pUpdate, Field: "attachments", Call: update(product.UpdateRequest{ProductID: productID, Attachments: images(10)})},
			{Name: "delete no id", Path: pDelete, Field: "product_id", Call: func(ctx context.Context, c C) error { return c.DeleteProductAlbum(ctx, "") }},
		},
	}.Run(t)
}

func TestFormatPrice(t *testing.T) {
	for fen, want := range map[int64]string{0: "0.00", 5: "0.05", 8900: "89.00", 8905: "89.05", 5_000_000: "50000.00", -150: "-1.50"} {
		assert.Equal(t, want, product.FormatPrice(fen), "%d fen", fen)
	}
}

// A wrong media_id is errcode 40007, which ErrInvalidMediaID matches.
func TestInvalidMediaID(t *testing.T) {
	s := wiretest.NewServer(t)
	s.Handle(pAdd, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"errcode":40007,"errmsg":"invalid media_id, hint: [1714528800_1_x]"}`)
	})
	_, err := product.New(s.Core()).CreateProductAlbum(context.Background(), &product.CreateRequest{Description: "杯", Price: 1, Attachments: images(1)})
	assert.ErrorIs(t, err, product.ErrInvalidMediaID)
	assert.NotErrorIs(t, err, core.ErrUnknownOutcome)
}
