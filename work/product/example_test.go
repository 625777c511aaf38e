package product_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/media"
	"github.com/wecomkit/wecom/work/product"
	"github.com/wecomkit/wecom/work/worktest"
)

// uploadImage uploads a PNG as a product-album attachment (商品图册,
// attachment_type 2) and returns its media_id, valid for 3 days.
func uploadImage(ctx context.Context, app *work.App, name string, png []byte) string {
	up, err := app.Media().UploadAttachment(ctx, &media.AttachmentRequest{
		AttachmentType: media.AttachmentProductAlbum,
		MediaType:      media.Image,
		File:           media.Upload{Name: name, Body: bytes.NewReader(png)},
	})
	if err != nil {
		panic(err)
	}
	return up.MediaID
}

// Publish a product with two images, uploaded first with
// media/upload_attachment as product-album attachments.
func ExampleClient_CreateProductAlbum() {
	s := worktest.NewServer(worktest.WithSeed(1))
	defer s.Close()
	app, err := work.New(s.Config())
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 1024)...) // the photos' bytes
	front, side := uploadImage(ctx, app, "cup-front.png", png), uploadImage(ctx, app, "cup-side.png", png)

	id, err := app.Product().CreateProductAlbum(ctx, &product.CreateRequest{
		Description: "保温杯 500ml，12小时保温",
		Price:       8900, // fen
		ProductSN:   "CUP500",
		Attachments: []product.Attachment{product.NewImage(front), product.NewImage(side)},
	})
	if err != nil {
		panic(err) // errors.Is(err, product.ErrInvalidMediaID): upload the images again
	}
	album, err := app.Product().GetProductAlbumDetails(ctx, id)
	if err != nil {
		panic(err)
	}
	fmt.Println(album.Description, product.FormatPrice(album.Price), "yuan,", len(album.Attachments), "images, code", album.ProductSN)
	// Output:
	// 保温杯 500ml，12小时保温 89.00 yuan, 2 images, code CUP500
}

// Give a product away and drop its code: pointers tell "set to 0 / empty"
// from "leave as is", so the description and images stay.
func ExampleClient_UpdateProductAlbum() {
	s := worktest.NewServer(worktest.WithSeed(1))
	defer s.Close()
	app, err := work.New(s.Config())
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	img := uploadImage(ctx, app, "bag.png", append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 1024)...))
	id, err := app.Product().CreateProductAlbum(ctx, &product.CreateRequest{Description: "帆布袋", Price: 1500, ProductSN: "BAG01",
		Attachments: []product.Attachment{product.NewImage(img)}})
	if err != nil {
		panic(err)
	}
	err = app.Product().UpdateProductAlbum(ctx, &product.UpdateRequest{ProductID: id, Price: core.Ptr[int64](0), ProductSN: core.Ptr("")})
	if err != nil {
		panic(err)
	}
	album, err := app.Product().GetProductAlbumDetails(ctx, id)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s %s yuan, code %q, %d image\n", album.Description, product.FormatPrice(album.Price), album.ProductSN, len(album.Attachments))
	// Output:
	// 帆布袋 0.00 yuan, code "", 1 image
}
