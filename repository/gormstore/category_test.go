package gormstore_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/gamarriando/product-service/domain"
)

func TestCategoryCreateGetUpdateDelete(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		root := h.category("Hogar")

		// is_active=false must survive the insert even though the column defaults to
		// true.
		c := domain.Category{Name: "Jardín", Slug: "jardin", Description: "Plantas",
			ParentID: &root.ID, SortOrder: 3, IsActive: false}
		if err := h.store.Categories().Create(h.ctx, &c); err != nil {
			t.Fatalf("create: %v", err)
		}

		got, err := h.store.Categories().Get(h.ctx, c.ID)
		if err != nil {
			t.Fatalf("get: %v", err)
		}

		if !reflect.DeepEqual(got, c) {
			t.Fatalf("get = %+v\nwant  %+v", got, c)
		}

		got.ParentID, got.SortOrder, got.IsActive, got.Name = nil, 0, true, "Jardín y patio"
		if err := h.store.Categories().Update(h.ctx, &got); err != nil {
			t.Fatalf("update: %v", err)
		}

		again, err := h.store.Categories().Get(h.ctx, c.ID)
		if err != nil || !reflect.DeepEqual(again, got) || again.Version != 2 {
			t.Fatalf("after update = %+v, %v\nwant %+v", again, err, got)
		}

		stale := c
		wantPrecondition(t, h.store.Categories().Update(h.ctx, &stale), 2)

		if err := h.store.Categories().Delete(h.ctx, c.ID); err != nil {
			t.Fatalf("delete: %v", err)
		}

		_, err = h.store.Categories().Get(h.ctx, c.ID)
		wantNotFound(t, err, domain.ResourceCategory, c.ID)
		wantNotFound(t, h.store.Categories().Delete(h.ctx, c.ID), domain.ResourceCategory, c.ID)
	})
}

func TestCategoryConflictsAndReferences(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		root := h.category("Hogar")

		dup := domain.Category{Name: "Otro", Slug: root.Slug, IsActive: true}
		wantConflict(t, h.store.Categories().Create(h.ctx, &dup), "slug")

		orphan := domain.Category{Name: "Huerfana", Slug: "huerfana", ParentID: ptr(root.ID + 50)}
		wantInvalid(t, h.store.Categories().Create(h.ctx, &orphan), "parent_id")

		child := h.category("Cocina")
		child.ParentID = ptr(root.ID + 50)
		wantInvalid(t, h.store.Categories().Update(h.ctx, &child), "parent_id")
	})
}

func TestCategoryBlockedDelete(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		withChild, withProduct := h.category("Hogar"), h.category("Jardin")
		h.category("Cocina", func(c *domain.Category) { c.ParentID = &withChild.ID })
		h.product("Maceta", withProduct.ID, h.vendor("Acme").ID)

		wantBlocked(t, h.store.Categories().Delete(h.ctx, withChild.ID),
			domain.ResourceCategory, withChild.ID)
		wantBlocked(t, h.store.Categories().Delete(h.ctx, withProduct.ID),
			domain.ResourceCategory, withProduct.ID)

		for _, id := range []int64{withChild.ID, withProduct.ID} {
			if ok, err := h.store.Categories().Exists(h.ctx, id); err != nil || !ok {
				t.Fatalf("category %d after blocked delete: exists=%v, %v", id, ok, err)
			}
		}
	})
}

func TestCategoryTree(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		under := func(parent domain.Category) func(*domain.Category) {
			return func(c *domain.Category) { c.ParentID = &parent.ID }
		}

		root := h.category("Root")
		a, b := h.category("A", under(root)), h.category("B", under(root))
		a1, a2 := h.category("A1", under(a)), h.category("A2", under(a))
		a1x := h.category("A1x", under(a1))
		lone := h.category("Lone")
		cats := h.store.Categories()

		subtrees := []struct {
			of   domain.Category
			want []int64
		}{
			{root, []int64{root.ID, a.ID, b.ID, a1.ID, a2.ID, a1x.ID}},
			{a, []int64{a.ID, a1.ID, a2.ID, a1x.ID}},
			{a1x, []int64{a1x.ID}},
			{lone, []int64{lone.ID}},
		}
		for _, tt := range subtrees {
			got, err := cats.SubtreeIDs(h.ctx, tt.of.ID)
			slices.Sort(got)
			slices.Sort(tt.want)
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("subtree of %s = %v, %v; want %v", tt.of.Name, got, err, tt.want)
			}
		}

		if got, err := cats.SubtreeIDs(h.ctx, lone.ID+100); err != nil || len(got) != 0 {
			t.Errorf("subtree of a missing category = %v, %v; want none", got, err)
		}

		ancestors := []struct {
			of    domain.Category
			limit int
			want  []int64
		}{
			{a1x, 10, []int64{a1.ID, a.ID, root.ID}},
			{a1x, 2, []int64{a1.ID, a.ID}},
			{a, 10, []int64{root.ID}},
			{root, 10, []int64{}},
		}
		for _, tt := range ancestors {
			got, err := cats.AncestorIDs(h.ctx, tt.of.ID, tt.limit)
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("ancestors of %s (limit %d) = %v, %v; want %v", tt.of.Name, tt.limit,
					got, err, tt.want)
			}
		}

		for _, tt := range []struct {
			of   domain.Category
			want int64
		}{{root, 2}, {a, 2}, {a1, 1}, {a1x, 0}} {
			if n, err := cats.CountChildren(h.ctx, tt.of.ID); err != nil || n != tt.want {
				t.Errorf("children of %s = %d, %v; want %d", tt.of.Name, n, err, tt.want)
			}
		}

		if ok, err := cats.Exists(h.ctx, lone.ID+100); err != nil || ok {
			t.Errorf("exists(missing) = %v, %v", ok, err)
		}
	})
}

// A corrupt tree with a cycle must not make the walks loop forever.
func TestCategoryWalksStopOnCycles(t *testing.T) {
	forEachBackend(t, func(t *testing.T, h *harness) {
		a := h.category("A")
		b := h.category("B", func(c *domain.Category) { c.ParentID = &a.ID })
		if err := h.db.Exec("UPDATE categories SET parent_id = ? WHERE id = ?", b.ID,
			a.ID).Error; err != nil {
			t.Fatalf("make cycle: %v", err)
		}

		got, err := h.store.Categories().SubtreeIDs(h.ctx, a.ID)
		slices.Sort(got)
		if err != nil || !slices.Equal(got, []int64{a.ID, b.ID}) {
			t.Errorf("subtree in a cycle = %v, %v", got, err)
		}

		up, err := h.store.Categories().AncestorIDs(h.ctx, a.ID, 5)
		if err != nil || len(up) != 5 {
			t.Errorf("ancestors in a cycle = %v, %v; want 5 steps", up, err)
		}
	})
}
