package worktest_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work"
	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
	"github.com/wecomkit/wecom/work/media"
	"github.com/wecomkit/wecom/work/product"
	"github.com/wecomkit/wecom/work/worktest"
)

// upload uploads a PNG as an attachment of the given type and returns its
// media_id.
func upload(t *testing.T, app *work.App, at media.AttachmentType, name string) string {
	t.Helper()
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 256)...)
	up, err := app.Media().UploadAttachment(context.Background(), &media.AttachmentRequest{
		AttachmentType: at, MediaType: media.Image, File: media.Upload{Name: name, Body: bytes.NewReader(png)}})
	require.NoError(t, err)
	return up.MediaID
}

// Product albums through the SDK: Update's pointers set 0 fen and clear
// the code while the rest stays; an image that is not a product-album
// attachment is ErrInvalidMediaID.
func TestProductSDK(t *testing.T) {
	app, s := worktest.NewApp(t, worktest.WithSeed(13))
	p := app.Product()
	ctx := context.Background()
	front, back, fresh := upload(t, app, media.AttachmentProductAlbum, "front.png"), upload(t, app, media.AttachmentProductAlbum, "back.png"),
		upload(t, app, media.AttachmentProductAlbum, "new.png")
	_, err := p.CreateProductAlbum(ctx, &product.CreateRequest{Description: "保温杯 500ml", Price: 8900,
		Attachments: []product.Attachment{product.NewImage(upload(t, app, media.AttachmentMoment, "moment.png"))}})
	assert.ErrorIs(t, err, product.ErrInvalidMediaID, "a moment's attachment")
	id, err := p.CreateProductAlbum(ctx, &product.CreateRequest{Description: "保温杯 500ml", Price: 8900, ProductSN: "CUP500",
		Attachments: []product.Attachment{product.NewImage(front), product.NewImage(back)}})
	require.NoError(t, err)

	require.NoError(t, p.UpdateProductAlbum(ctx, &product.UpdateRequest{ProductID: id, Price: core.Ptr[int64](0), ProductSN: core.Ptr("")}))
	got, err := p.GetProductAlbumDetails(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, &product.Album{ProductID: id, Description: "保温杯 500ml", Price: 0,
		Attachments: []product.Attachment{product.NewImage(front), product.NewImage(back)}, CreateTime: worktest.DefaultStart.Unix()}, got)

	require.NoError(t, p.UpdateProductAlbum(ctx, &product.UpdateRequest{ProductID: id, Description: "保温杯 750ml", Attachments: []product.Attachment{product.NewImage(fresh)}}))
	got, err = p.GetProductAlbumDetails(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "保温杯 750ml", got.Description)
	assert.Equal(t, []product.Attachment{product.NewImage(fresh)}, got.Attachments)
	assert.Zero(t, got.Price, "left as is")

	other, err := s.Albums().Add(worktest.ProductAlbum{Description: "别的应用", Price: 1,
		Attachments: []worktest.AlbumAttachment{{Type: "image", Image: &worktest.AlbumImage{MediaID: front}}}}, "another-app")
	require.NoError(t, err)
	assert.ErrorIs(t, p.DeleteProductAlbum(ctx, other), core.ErrAPIForbidden)

	for range 4 {
		_, err := p.CreateProductAlbum(ctx, &product.CreateRequest{Description: "马克杯", Price: 3900, Attachments: []product.Attachment{product.NewImage(back)}})
		require.NoError(t, err)
	}
	all, errs := wiretest.Collect(p.GetProductAlbumsAll(ctx, &product.ListRequest{Limit: 2}))
	require.Empty(t, errs)
	require.Len(t, all, 6)
	assert.Equal(t, id, all[0].ProductID)
	assert.Equal(t, other, all[1].ProductID)
	assert.Zero(t, all[0].CreateTime, "the list carries no create_time")

	require.NoError(t, p.DeleteProductAlbum(ctx, id))
	_, err = p.GetProductAlbumDetails(ctx, id)
	var ae *core.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 40058, ae.Code)
}
