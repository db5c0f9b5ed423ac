-- Insert every row of {origin} (a frame registered under that name) into {target}, column by name: a column
-- of {target} that {origin} lacks gets NULL (or its default), and a column {target} lacks is an error.
INSERT INTO {target} BY NAME SELECT * FROM {origin}
