package product

import (
	"context"
	"iter"
	"strconv"

	"github.com/wecomkit/wecom/work/core"
)

// Limits WeCom documents for product albums (doc 95096).
const (
	// MaxPrice is the highest price, in fen: 50,000 yuan.
	MaxPrice = 5_000_000
	// MaxDescription is the longest description, in characters.
	MaxDescription = 300
	// MaxProductSN is the longest product code, in bytes (digits and
	// letters only).
	MaxProductSN = 128
	// MaxAttachments is the most images of an album.
	MaxAttachments = 9
	// MaxListLimit is the largest page of GetProductAlbums (WeCom's
	// default is 50, and it reads a larger limit as 50).
	MaxListLimit = 100
)

// AttachmentImage is the only attachment type albums take.
const AttachmentImage = "image"

// Image is an album image, by media_id.
type Image struct {
	// MediaID comes from media/upload_attachment with attachment_type 2
	// (a product-album attachment); it is valid for 3 days.
	MediaID string `json:"media_id"`
}

// Attachment is one attachment of an album: an image. Build one with
// NewImage.
type Attachment struct {
	// Type is "image" (AttachmentImage), the only type WeCom takes.
	Type string `json:"type"`
	// Image is the image.
	Image *Image `json:"image,omitempty"`
}

// NewImage is the attachment of the image uploaded as mediaID.
func NewImage(mediaID string) Attachment {
	return Attachment{Type: AttachmentImage, Image: &Image{MediaID: mediaID}}
}

// Album is a product album (商品图册).
type Album struct {
	// ProductID is the album's product_id.
	ProductID string `json:"product_id"`
	// Description is the product's name and selling points.
	Description string `json:"description"`
	// Price is in fen (分).
	Price int64 `json:"price"`
	// ProductSN is the product code, "" when it has none.
	ProductSN string `json:"product_sn,omitempty"`
	// Attachments are its images.
	Attachments []Attachment `json:"attachments"`
	// CreateTime is when it was created, Unix seconds (get answers it, the
	// list does not).
	CreateTime int64 `json:"create_time,omitempty"`
}

// FormatPrice shows a price in fen as yuan with two decimals: 8900 is
// "89.00".
func FormatPrice(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	cents := fen % 100
	pad := ""
	if cents < 10 {
		pad = "0"
	}
	return sign + strconv.FormatInt(fen/100, 10) + "." + pad + strconv.FormatInt(cents, 10)
}

func validateDescription(d string) error {
	if d == "" {
		return &core.ArgError{Field: "description", Reason: "is required"}
	}
	return core.MaxRunes("description", d, MaxDescription)
}

func validatePrice(p int64) error {
	if p < 0 || p > MaxPrice {
		return &core.ArgError{Field: "price", Reason: "is " + strconv.FormatInt(p, 10) + " fen, must be in [0, 5000000] (at most 50,000 yuan)"}
	}
	return nil
}

func validateProductSN(sn string) error {
	if len(sn) > MaxProductSN {
		return &core.ArgError{Field: "product_sn", Reason: "has " + strconv.Itoa(len(sn)) + " bytes, at most 128 allowed"}
	}
	for i := 0; i < len(sn); i++ {
		c := sn[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return &core.ArgError{Field: "product_sn", Reason: "has " + strconv.QuoteRune(rune(c)) + " at byte " + strconv.Itoa(i) + ": only digits and letters are allowed"}
		}
	}
	return nil
}

func validateAttachments(atts []Attachment) error {
	if len(atts) == 0 {
		return &core.ArgError{Field: "attachments", Reason: "needs at least one image"}
	}
	if len(atts) > MaxAttachments {
		return &core.ArgError{Field: "attachments", Reason: "has " + strconv.Itoa(len(atts)) + " images, at most 9 allowed"}
	}
	for i, a := range atts {
		f := "attachments[" + strconv.Itoa(i) + "]"
		if a.Type != AttachmentImage {
			return &core.ArgError{Field: f + ".type", Reason: "is " + strconv.Quote(a.Type) + ", albums take only \"image\""}
		}
		if a.Image == nil || a.Image.MediaID == "" {
			return &core.ArgError{Field: f + ".image.media_id", Reason: "is required (from media/upload_attachment, attachment_type 2)"}
		}
	}
	return nil
}

// CreateRequest makes an album.
type CreateRequest struct {
	// Description is the product's name and selling points: 1 to 300
	// characters; required.
	Description string `json:"description"`
	// Price is in fen, 0 to 5,000,000 (50,000 yuan).
	Price int64 `json:"price"`
	// ProductSN is the product code: at most 128 bytes of ASCII digits and
	// letters; "" for none.
	ProductSN string `json:"product_sn,omitempty"`
	// Attachments are the images: 1 to 9, made with NewImage.
	Attachments []Attachment `json:"attachments"`
}

// Validate checks the request before it is sent.
func (r *CreateRequest) Validate() error {
	if r == nil {
		return nilRequest()
	}
	if err := validateDescription(r.Description); err != nil {
		return err
	}
	if err := validatePrice(r.Price); err != nil {
		return err
	}
	if err := validateProductSN(r.ProductSN); err != nil {
		return err
	}
	return validateAttachments(r.Attachments)
}

var epAdd = endpoints.Add(core.Write("externalcontact/add_product_album"), core.Meta{
	Doc: "95096", Title: "创建商品图册", EasyWeChat: "createProductAlbum", WxJava: "addProductAlbum",
	Note: "price in fen (int64), at most 5,000,000; description, product_sn and 1–9 image attachments are checked before sending"})

// CreateProductAlbum makes an album and returns its product_id.
//
// WeCom API: POST /cgi-bin/externalcontact/add_product_album (创建商品图册), https://developer.work.weixin.qq.com/document/path/95096.
// EasyWeChat: product->createProductAlbum. WxJava: addProductAlbum.
func (c *Client) CreateProductAlbum(ctx context.Context, req *CreateRequest) (string, error) {
	out, err := core.Send[struct {
		ProductID string `json:"product_id"`
	}](ctx, c.core, epAdd, req)
	if err != nil {
		return "", err
	}
	return out.ProductID, nil
}

// idRequest names one album.
type idRequest struct {
	ProductID string `json:"product_id"`
}

// Validate checks the id.
func (r *idRequest) Validate() error { return core.Required("product_id", r.ProductID) }

var epGet = endpoints.Add(core.ReadPost("externalcontact/get_product_album"), core.Meta{
	Doc: "95096", Title: "获取商品图册", EasyWeChat: "getProductAlbumDetails", WxJava: "getProductAlbum"})

// GetProductAlbumDetails returns an album.
//
// WeCom API: POST /cgi-bin/externalcontact/get_product_album (获取商品图册), https://developer.work.weixin.qq.com/document/path/95096.
// EasyWeChat: product->getProductAlbumDetails. WxJava: getProductAlbum.
func (c *Client) GetProductAlbumDetails(ctx context.Context, productID string) (*Album, error) {
	out, err := core.Send[struct {
		Product Album `json:"product"`
	}](ctx, c.core, epGet, &idRequest{ProductID: productID})
	if err != nil {
		return nil, err
	}
	return &out.Product, nil
}

// ListRequest asks for one page of albums.
type ListRequest struct {
	// Limit is the page size; 0 leaves WeCom's default (50). WeCom reads a
	// limit above 100 as 50; the SDK sends it as 100 instead. A negative
	// limit is refused.
	Limit int `json:"limit,omitempty"`
	// Cursor is "" for the first page, then the previous NextCursor.
	Cursor string `json:"cursor,omitempty"`
}

// Validate checks the request before it is sent; a nil request is the
// first page.
func (r *ListRequest) Validate() error {
	if r != nil && r.Limit < 0 {
		return &core.ArgError{Field: "limit", Reason: "must not be negative"}
	}
	return nil
}

// ListResponse is one page of albums.
type ListResponse struct {
	// Products are the albums (without CreateTime).
	Products []Album `json:"product_list"`
	// NextCursor is "" on the last page.
	NextCursor string `json:"next_cursor"`
}

var epList = endpoints.Add(core.ReadPost("externalcontact/get_product_album_list"), core.Meta{
	Doc: "95096", Title: "获取商品图册列表", EasyWeChat: "getProductAlbums", WxJava: "getProductAlbumList",
	Note: "WeCom reads a limit above 100 as its default 50; the SDK sends it as 100; GetProductAlbumsAll walks every page"})

// GetProductAlbums returns one page of the corp's albums. A nil req is the
// first page at WeCom's default size.
//
// WeCom API: POST /cgi-bin/externalcontact/get_product_album_list (获取商品图册列表), https://developer.work.weixin.qq.com/document/path/95096.
// EasyWeChat: product->getProductAlbums. WxJava: getProductAlbumList.
func (c *Client) GetProductAlbums(ctx context.Context, req *ListRequest) (*ListResponse, error) {
	if req == nil {
		req = &ListRequest{}
	}
	if err := core.Check(epList, req); err != nil {
		return nil, err
	}
	body := *req
	body.Limit = min(body.Limit, MaxListLimit)
	return core.Send[ListResponse](ctx, c.core, epList, &body)
}

// GetProductAlbumsAll walks every page of GetProductAlbums from
// req.Cursor, yielding each album. It stops after the first error and when
// the loop breaks.
//
//	for album, err := range app.Product().GetProductAlbumsAll(ctx, nil) {
//		if err != nil { return err }
//		...
//	}
func (c *Client) GetProductAlbumsAll(ctx context.Context, req *ListRequest) iter.Seq2[Album, error] {
	if req == nil {
		req = &ListRequest{}
	}
	if err := core.Check(epList, req); err != nil {
		return failed[Album](err)
	}
	start := *req
	return core.Walk(ctx, start.Cursor, func(ctx context.Context, cursor string) (*ListResponse, error) {
		page := start
		page.Cursor = cursor
		return c.GetProductAlbums(ctx, &page)
	}, func(p *ListResponse) []Album { return p.Products }, func(p *ListResponse) string { return p.NextCursor })
}

// UpdateRequest changes an album. Only what is set changes; at least one
// change is required.
type UpdateRequest struct {
	// ProductID is the album; required.
	ProductID string `json:"product_id"`
	// Description replaces the description (1 to 300 characters); ""
	// leaves it.
	Description string `json:"description,omitempty"`
	// Price replaces the price, in fen (0 to 5,000,000); nil leaves it. A
	// pointer, because 0 is a price: core.Ptr[int64](0).
	Price *int64 `json:"price,omitempty"`
	// ProductSN replaces the product code; nil leaves it and
	// core.Ptr("") clears it.
	ProductSN *string `json:"product_sn,omitempty"`
	// Attachments replaces every image (1 to 9); nil leaves them. An empty,
	// non-nil list is refused: an album keeps at least one image.
	Attachments []Attachment `json:"attachments,omitempty"`
}

// Validate checks the request before it is sent.
func (r *UpdateRequest) Validate() error {
	if r == nil {
		return nilRequest()
	}
	if err := core.Required("product_id", r.ProductID); err != nil {
		return err
	}
	if r.Description != "" {
		if err := validateDescription(r.Description); err != nil {
			return err
		}
	}
	if r.Price != nil {
		if err := validatePrice(*r.Price); err != nil {
			return err
		}
	}
	if r.ProductSN != nil {
		if err := validateProductSN(*r.ProductSN); err != nil {
			return err
		}
	}
	if r.Attachments != nil {
		if err := validateAttachments(r.Attachments); err != nil {
			return err
		}
	}
	if r.Description == "" && r.Price == nil && r.ProductSN == nil && r.Attachments == nil {
		return &core.ArgError{Field: "request", Reason: "changes nothing: set description, price, product_sn or attachments"}
	}
	return nil
}

var epUpdate = endpoints.Add(core.Write("externalcontact/update_product_album"), core.Meta{
	Doc: "95096", Title: "编辑商品图册", EasyWeChat: "updateProductAlbum", WxJava: "updateProductAlbum",
	Note: "only set fields are sent: Price and ProductSN are pointers (0 fen and an empty code can be set), nil Attachments leaves the images"})

// UpdateProductAlbum changes an album the app created.
//
// WeCom API: POST /cgi-bin/externalcontact/update_product_album (编辑商品图册), https://developer.work.weixin.qq.com/document/path/95096.
// EasyWeChat: product->updateProductAlbum. WxJava: updateProductAlbum.
func (c *Client) UpdateProductAlbum(ctx context.Context, req *UpdateRequest) error {
	return core.Exec(ctx, c.core, epUpdate, req)
}

var epDelete = endpoints.Add(core.Write("externalcontact/delete_product_album"), core.Meta{
	Doc: "95096", Title: "删除商品图册", EasyWeChat: "deleteProductAlbum", WxJava: "deleteProductAlbum"})

// DeleteProductAlbum deletes an album the app created.
//
// WeCom API: POST /cgi-bin/externalcontact/delete_product_album (删除商品图册), https://developer.work.weixin.qq.com/document/path/95096.
// EasyWeChat: product->deleteProductAlbum. WxJava: deleteProductAlbum.
func (c *Client) DeleteProductAlbum(ctx context.Context, productID string) error {
	return core.Exec(ctx, c.core, epDelete, &idRequest{ProductID: productID})
}
