// Package product wraps WeCom's product albums (商品图册, doc 95096): the
// products a corp shows its customers in chats, each with a description, a
// price in fen, an optional product code and one to nine images.
//
// Get a Client from work.App.Product. Method names follow EasyWeChat's
// product client (createProductAlbum → CreateProductAlbum, …); each
// method's doc comment names the WeCom path and the WxJava method.
//
//	up, err := app.Media().UploadAttachment(ctx, &media.AttachmentRequest{
//		AttachmentType: media.AttachmentProductAlbum, // attachment_type 2
//		MediaType:      media.Image,
//		File:           media.Upload{Name: "cup.png", Body: f},
//	})
//	mediaID := up.MediaID
//	id, err := app.Product().CreateProductAlbum(ctx, &product.CreateRequest{
//		Description: "保温杯 500ml",
//		Price:       8900, // fen: 89.00 yuan
//		ProductSN:   "CUP500",
//		Attachments: []product.Attachment{product.NewImage(mediaID)},
//	})
//
// # What to know
//
//   - Prices are integers in fen (分), at most 5,000,000 (50,000 yuan).
//   - The description is at most 300 characters; the product code
//     (product_sn) at most 128 bytes of ASCII digits and letters.
//   - One to nine image attachments, each by the media_id of an image
//     uploaded with media/upload_attachment as a product-album attachment
//     (attachment_type 2). A media_id is valid for 3 days; one that is
//     unknown, expired or of another attachment type is refused by WeCom
//     with 40007 (ErrInvalidMediaID).
//   - UpdateProductAlbum changes only what is set. Price and ProductSN are
//     pointers, so that 0 fen and "no product code" can be set: nil leaves
//     them, core.Ptr("") clears the code. An empty Description leaves it,
//     a nil Attachments leaves the images; a non-nil Attachments replaces
//     them all and needs one to nine.
//   - An app can change and delete only the albums it created (the
//     客户联系 system app can change all).
//   - GetProductAlbums pages with a cursor (GetProductAlbumsAll walks every
//     page). WeCom reads a limit above 100 as its default, 50; the SDK
//     sends such a limit as 100.
//   - Creates, updates and deletes are never re-sent once they may have
//     reached WeCom (errors.Is(err, core.ErrUnknownOutcome)); the reads are
//     retried.
//
// # Examples
//
//   - ExampleClient_CreateProductAlbum: a product with two images, uploaded
//     first as product-album attachments.
//   - ExampleClient_UpdateProductAlbum: a product given away and its code
//     dropped, the rest left as it is.
//
// go test runs each and checks its output; run one from the repository's
// root with:
//
//	go test ./work/product -run '^ExampleClient_CreateProductAlbum$' -v
package product
