package io.platewise.db.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Platewise database", description = "Where Platewise keeps its tables.")
@interface DatabaseConfiguration {

    @AttributeDefinition(description = "JDBC URL. Empty means the embedded HSQLDB file database under the data folder. "
            + "Supported: jdbc:hsqldb:... and jdbc:postgresql://host:port/database")
    String url() default "";

    @AttributeDefinition(description = "Database user")
    String user() default "SA";

    @AttributeDefinition(type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD, description = "Database password")
    String password() default "";

    @AttributeDefinition(description = "Largest number of pooled connections")
    int maxPoolSize() default 8;

    @AttributeDefinition(description = "Seconds to wait for a free connection before failing a request")
    int connectionTimeoutSeconds() default 10;
}
