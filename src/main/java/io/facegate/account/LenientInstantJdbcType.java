package io.facegate.account;

import io.facegate.cleanup.CreatedAt;
import java.sql.CallableStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.hibernate.type.descriptor.ValueExtractor;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.descriptor.jdbc.BasicExtractor;
import org.hibernate.type.descriptor.jdbc.TimestampUtcAsJdbcTimestampJdbcType;

/**
 * Hibernate's UTC timestamp type, writing as before ({@code setTimestamp} with a UTC calendar: epoch milliseconds
 * on SQLite, {@code timestamptz} on PostgreSQL) but reading whatever form the column holds through
 * {@link CreatedAt}: a value that cannot be read becomes null instead of an exception, so an account whose
 * {@code created_at} was edited into nonsense can still log in (and is listed by the cleanup).
 */
public class LenientInstantJdbcType extends TimestampUtcAsJdbcTimestampJdbcType {

    @Override
    public <X> ValueExtractor<X> getExtractor(JavaType<X> javaType) {
        return new BasicExtractor<>(javaType, this) {
            @Override
            protected X doExtract(ResultSet rs, int paramIndex, WrapperOptions options) throws SQLException {
                return wrap(rs.getObject(paramIndex), options);
            }

            @Override
            protected X doExtract(CallableStatement statement, int index, WrapperOptions options) throws SQLException {
                return wrap(statement.getObject(index), options);
            }

            @Override
            protected X doExtract(CallableStatement statement, String name, WrapperOptions options)
                    throws SQLException {
                return wrap(statement.getObject(name), options);
            }

            private X wrap(Object raw, WrapperOptions options) {
                return getJavaType().wrap(CreatedAt.parse(raw).orElse(null), options);
            }
        };
    }
}
