package worktest

import (
	"fmt"
	"net/http"
	"time"
)

// 商品图册: product albums (externalcontact/add_product_album,
// get_product_album, get_product_album_list, update_product_album,
// delete_product_album). The simulator's design:
//
//   - An album has a description (1 to 300 characters), a price in fen
//     (0 to 5,000,000), an optional product_sn (at most 128 bytes of ASCII
//     digits and letters) and 1 to 9 attachments of type "image", each with
//     a media_id; anything else answers 40058 naming the field.
//   - Each image must have been uploaded by media/upload_attachment as a
//     product-album attachment (attachment_type 2) less than MediaTTL (3
//     days) ago: an unknown or expired media_id, or one uploaded for a
//     moment (attachment_type 1) or by media/upload, answers 40007 (media.go
//     keeps the uploads), on add and on an update that sets attachments.
//   - update changes the fields present: description when non-empty,
//     price and product_sn when present (product_sn "" clears it),
//     attachments when present (then 1 to 9 again).
//   - Only the app that created an album may update or delete it (48002);
//     get and the list show them all. An unknown product_id answers 40058.
//   - get_product_album_list pages in creation order; limit defaults to 50
//     and, as WeCom documents, a limit above 100 is read as the default
//     (超过最大值时取默认值). Listed albums carry no create_time, as in
//     WeCom's example.

// ProductAlbum is a product album (商品图册).
type ProductAlbum struct {
	ProductID    string            `json:"product_id"`
	Description  string            `json:"description"`
	Price        int64             `json:"price"`
	ProductSN    string            `json:"product_sn,omitempty"`
	Attachments  []AlbumAttachment `json:"attachments"`
	CreateTime   int64             `json:"create_time"`
	CreatedByApp string            `json:"created_by_app,omitempty"`
}

// AlbumAttachment is an album's attachment: an image by media_id.
type AlbumAttachment struct {
	Type  string      `json:"type"`
	Image *AlbumImage `json:"image,omitempty"`
}

// AlbumImage is an album image.
type AlbumImage struct {
	MediaID string `json:"media_id"`
}

// WeCom's bounds of an album.
const (
	albumMaxDescription = 300
	albumMaxPrice       = 5_000_000
	albumMaxSN          = 128
	albumMaxImages      = 9
	albumPageDefault    = 50
	albumPageMax        = 100
)

type productState struct{ albums *table[ProductAlbum] }

var productGroup groupKey[productState]

func init() {
	productGroup = addGroup(group[productState]{
		name:     "product",
		routes:   (*Server).productRoutes,
		state:    func() *productState { return &productState{albums: newTable(&albumResource)} },
		load:     func(st *store, g *productState, d *Data) error { return g.albums.load(st, d.ProductAlbums) },
		snapshot: func(_ *store, g *productState, d *Data) { d.ProductAlbums = g.albums.snapshot() },
	})
}

var albumResource = resource[ProductAlbum]{
	name: "product album", idField: "product_id",
	id:  func(a *ProductAlbum) *string { return &a.ProductID },
	ids: idFormat{n: 32},
	app: func(a *ProductAlbum) *string { return &a.CreatedByApp },
	validate: func(_ *store, a *ProductAlbum, _ op) error {
		if err := requireField("description", a.Description); err != nil {
			return err
		}
		if err := checkRunes("description", a.Description, albumMaxDescription); err != nil {
			return err
		}
		if a.Price < 0 || a.Price > albumMaxPrice {
			return errParam("price %d is out of [0, %d] fen", a.Price, albumMaxPrice)
		}
		if len(a.ProductSN) > albumMaxSN {
			return errParam("product_sn has %d bytes, at most %d allowed", len(a.ProductSN), albumMaxSN)
		}
		for i := 0; i < len(a.ProductSN); i++ {
			if c := a.ProductSN[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
				return errParam("product_sn may hold only digits and letters")
			}
		}
		if len(a.Attachments) == 0 || len(a.Attachments) > albumMaxImages {
			return errParam("attachments has %d items, must have 1 to %d", len(a.Attachments), albumMaxImages)
		}
		for i, at := range a.Attachments {
			if at.Type != "image" {
				return errParam("attachments[%d].type is %q, only image is taken", i, at.Type)
			}
			if at.Image == nil || at.Image.MediaID == "" {
				return errParam("attachments[%d].image.media_id is required", i)
			}
		}
		return nil
	},
}

func (st *store) albums() *table[ProductAlbum] { return productGroup.of(st).albums }

func (s *Server) productRoutes() []route {
	return []route{
		{method: http.MethodPost, path: "externalcontact/add_product_album", write: true, handle: bound(s.addProductAlbum)},
		{method: http.MethodPost, path: "externalcontact/get_product_album", handle: bound(s.getProductAlbum)},
		{method: http.MethodPost, path: "externalcontact/get_product_album_list", handle: bound(s.listProductAlbums)},
		{method: http.MethodPost, path: "externalcontact/update_product_album", write: true, handle: bound(s.updateProductAlbum)},
		{method: http.MethodPost, path: "externalcontact/delete_product_album", write: true, handle: bound(s.deleteProductAlbum)},
	}
}

type albumAddReq struct {
	Description string            `json:"description" wt:"required"`
	Price       int64             `json:"price"`
	ProductSN   string            `json:"product_sn"`
	Attachments []AlbumAttachment `json:"attachments" wt:"required"`
}

// albumMediaType is the attachment_type of media/upload_attachment for
// product albums.
const albumMediaType = 2

// checkAlbumImages answers 40007 unless every image is a product-album
// attachment uploaded less than MediaTTL before now.
func (st *store) checkAlbumImages(atts []AlbumAttachment, now time.Time) error {
	for i, at := range atts {
		if at.Type != "image" || at.Image == nil || at.Image.MediaID == "" {
			continue // validate answers the shape
		}
		field := fmt.Sprintf("attachments[%d].image.media_id", i)
		if err := st.checkMediaID(field, at.Image.MediaID, now); err != nil {
			return err
		}
		if m := st.media().get(at.Image.MediaID); m.AttachmentType != albumMediaType {
			return errDetail(codeInvalidMediaID, "%s %s was not uploaded as a product-album attachment (media/upload_attachment, attachment_type 2)",
				field, at.Image.MediaID)
		}
	}
	return nil
}

func (s *Server) addProductAlbum(c *call, r *albumAddReq) (any, error) {
	if err := c.st.checkAlbumImages(r.Attachments, c.now); err != nil {
		return nil, err
	}
	a, err := c.st.albums().create(c.st, &ProductAlbum{Description: r.Description, Price: r.Price, ProductSN: r.ProductSN,
		Attachments: r.Attachments, CreateTime: c.now.Unix()}, c.app())
	if err != nil {
		return nil, err
	}
	return struct {
		ProductID string `json:"product_id"`
	}{a.ProductID}, nil
}

type albumIDReq struct {
	ProductID string `json:"product_id" wt:"required"`
}

// albumOut is an album as get answers it.
type albumOut struct {
	ProductID   string            `json:"product_id"`
	Description string            `json:"description"`
	Price       int64             `json:"price"`
	CreateTime  int64             `json:"create_time,omitempty"`
	ProductSN   string            `json:"product_sn,omitempty"`
	Attachments []AlbumAttachment `json:"attachments"`
}

func outAlbum(a *ProductAlbum, withTime bool) albumOut {
	o := albumOut{a.ProductID, a.Description, a.Price, 0, a.ProductSN, a.Attachments}
	if withTime {
		o.CreateTime = a.CreateTime
	}
	return o
}

func (s *Server) getProductAlbum(c *call, r *albumIDReq) (any, error) {
	a, err := c.st.albums().lookup(r.ProductID)
	if err != nil {
		return nil, err
	}
	return struct {
		Product albumOut `json:"product"`
	}{outAlbum(a, true)}, nil
}

type albumListReq struct {
	Limit  int    `json:"limit"`
	Cursor string `json:"cursor"`
}

func (s *Server) listProductAlbums(c *call, r *albumListReq) (any, error) {
	limit := r.Limit
	switch {
	case limit < 0:
		return nil, errParam("limit is %d, must not be negative", limit)
	case limit == 0 || limit > albumPageMax: // WeCom: 超过最大值时取默认值
		limit = albumPageDefault
	}
	page, next, err := c.st.albums().page(c, r.Cursor, limit, nil)
	if err != nil {
		return nil, err
	}
	out := struct {
		NextCursor  string     `json:"next_cursor"`
		ProductList []albumOut `json:"product_list"`
	}{next, []albumOut{}}
	for _, a := range page {
		out.ProductList = append(out.ProductList, outAlbum(a, false))
	}
	return out, nil
}

type albumUpdateReq struct {
	ProductID   string            `json:"product_id" wt:"required"`
	Description string            `json:"description"`
	Price       *int64            `json:"price"`
	ProductSN   *string           `json:"product_sn"`
	Attachments []AlbumAttachment `json:"attachments"`
}

func (s *Server) updateProductAlbum(c *call, r *albumUpdateReq) (any, error) {
	if _, err := c.st.albums().owned(r.ProductID, c.app()); err != nil {
		return nil, err
	}
	if err := c.st.checkAlbumImages(r.Attachments, c.now); err != nil {
		return nil, err
	}
	_, err := c.st.albums().update(c.st, r.ProductID, c.app(), func(a *ProductAlbum) error {
		if r.Description != "" {
			a.Description = r.Description
		}
		if r.Price != nil {
			a.Price = *r.Price
		}
		if r.ProductSN != nil {
			a.ProductSN = *r.ProductSN
		}
		if r.Attachments != nil {
			a.Attachments = r.Attachments
		}
		return nil
	})
	return nil, err
}

func (s *Server) deleteProductAlbum(c *call, r *albumIDReq) (any, error) {
	return nil, c.st.albums().remove(r.ProductID, c.app())
}

// Albums is the product albums' back door: sim.Albums().Add(…).
type Albums struct{ backDoor }

// Albums returns the product albums' back door.
func (s *Server) Albums() Albums { return Albums{backDoor{s}} }

// Add makes an album as app would ("" for the simulator's app), with the
// rules of add_product_album (its images uploaded as product-album
// attachments), and returns its product_id. Leave ProductID and
// CreateTime empty.
func (b Albums) Add(a ProductAlbum, app string) (id string, err error) {
	err = b.write(func(st *store, now time.Time) error {
		if err := st.checkAlbumImages(a.Attachments, now); err != nil {
			return err
		}
		a.ProductID, a.CreateTime = "", now.Unix()
		created, err := st.albums().create(st, &a, app)
		if err == nil {
			id = created.ProductID
		}
		return err
	})
	return id, err
}

// Get returns a copy of an album.
func (b Albums) Get(productID string) (a ProductAlbum, ok bool) {
	b.read(func(st *store, _ time.Time) {
		if v := st.albums().get(productID); v != nil {
			ok = roundTrip(v, &a) == nil
		}
	})
	return a, ok
}
