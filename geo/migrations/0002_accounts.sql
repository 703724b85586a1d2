-- 0002: accounts (argon2 hashes only, never a password) for the roles of geo/accounts.py.
CREATE TABLE accounts (
    name text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9_.@-]{1,64}$'),
    role text NOT NULL CHECK (role IN ('public', 'internal', 'maintainer', 'reviewer', 'admin')),
    password_hash text NOT NULL CHECK (password_hash LIKE '$argon2%'),
    disabled boolean NOT NULL DEFAULT false,
    created text NOT NULL
);
