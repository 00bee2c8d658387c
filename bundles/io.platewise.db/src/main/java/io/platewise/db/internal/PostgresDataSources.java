package io.platewise.db.internal;

import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

final class PostgresDataSources {

    private PostgresDataSources() {
    }

    static DataSource create(String url, String user, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }
}
