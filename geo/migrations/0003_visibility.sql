-- 0003: any fact row may be marked internal (staff only); NULL means public (geo/access.py).
ALTER TABLE sites ADD COLUMN visibility text CHECK (visibility IN ('public', 'internal'));
ALTER TABLE memberships ADD COLUMN visibility text CHECK (visibility IN ('public', 'internal'));
ALTER TABLE industries ADD COLUMN visibility text CHECK (visibility IN ('public', 'internal'));
ALTER TABLE site_industries ADD COLUMN visibility text CHECK (visibility IN ('public', 'internal'));
ALTER TABLE organizations ADD COLUMN visibility text CHECK (visibility IN ('public', 'internal'));
ALTER TABLE org_industries ADD COLUMN visibility text CHECK (visibility IN ('public', 'internal'));
ALTER TABLE indicators ADD COLUMN visibility text CHECK (visibility IN ('public', 'internal'));
ALTER TABLE projects ADD COLUMN visibility text CHECK (visibility IN ('public', 'internal'));
