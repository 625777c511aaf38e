package worktest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wecomkit/wecom/work/core"
	"github.com/wecomkit/wecom/work/internal/wiretest"
	"github.com/wecomkit/wecom/work/product"
	"github.com/wecomkit/wecom/work/worktest"
)

// Product albums through the SDK: Update's pointers set 0 fen and clear
// the code while the rest stays.
func TestProductSDK(t *testing.T) {
	app, s := worktest.NewApp(t, worktest.WithSeed(13))
	p := app.Product()
	ctx := context.Background()
	id, err := p.CreateProductAlbum(ctx, &product.CreateRequest{Description: "保温杯 500ml", Price: 8900, ProductSN: "CUP500",
		Attachments: []product.Attachment{product.NewImage("3front"), product.NewImage("3back")}})
	require.NoError(t, err)

	require.NoError(t, p.UpdateProductAlbum(ctx, &product.UpdateRequest{ProductID: id, Price: core.Ptr[int64](0), ProductSN: core.Ptr("")}))
	got, err := p.GetProductAlbumDetails(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, &product.Album{ProductID: id, Description: "保温杯 500ml", Price: 0,
		Attachments: []product.Attachment{product.NewImage("3front"), product.NewImage("3back")}, CreateTime: worktest.DefaultStart.Unix()}, got)

	require.NoError(t, p.UpdateProductAlbum(ctx, &product.UpdateRequest{ProductID: id, Description: "保温杯 750ml", Attachments: []product.Attachment{product.NewImage("3new")}}))
	got, err = p.GetProductAlbumDetails(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "保温杯 750ml", got.Description)
	assert.Equal(t, []product.Attachment{product.NewImage("3new")}, got.Attachments)
	assert.Zero(t, got.Price, "left as is")

	other, err := s.Albums().Add(worktest.ProductAlbum{Description: "别的应用", Price: 1,
		Attachments: []worktest.AlbumAttachment{{Type: "image", Image: &worktest.AlbumImage{MediaID: "3o"}}}}, "another-app")
	require.NoError(t, err)
	assert.ErrorIs(t, p.DeleteProductAlbum(ctx, other), core.ErrAPIForbidden)

	for range 4 {
		_, err := p.CreateProductAlbum(ctx, &product.CreateRequest{Description: "马克杯", Price: 3900, Attachments: []product.Attachment{product.NewImage("3m")}})
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
