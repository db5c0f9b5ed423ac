-- Copy rows into {target} from {origin} (a table, or a frame registered under that name), column by
-- name: {columns} lists the columns both have. Either name may be qualified (lake.documents).
INSERT INTO {target} ({columns}) SELECT {columns} FROM {origin}
