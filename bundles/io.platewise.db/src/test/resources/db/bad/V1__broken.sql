CREATE TABLE broken (id BIGINT PRIMARY KEY, this is not sql);
