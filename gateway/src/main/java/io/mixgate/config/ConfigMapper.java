package io.mixgate.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.time.Duration;

/**
 * Builds the strict YAML {@link ObjectMapper} that binds the config records:
 * unknown keys, duplicate keys, floats for integers, numbers for booleans and empty
 * strings for numbers are all errors, and durations read and write Go-style.
 * The mapper is thread-safe once built.
 */
final class ConfigMapper {

    private ConfigMapper() {
    }

    static ObjectMapper create() {
        SimpleModule durations = new SimpleModule("go-durations")
                .addDeserializer(Duration.class, new DurationDeserializer())
                .addSerializer(Duration.class, new DurationSerializer());
        ObjectMapper mapper = YAMLMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .addModule(durations)
                .build();
        mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    /** Reads {@code 60s}, {@code 1m30s}, {@code 500ms} and plain numbers of seconds. */
    private static final class DurationDeserializer extends StdScalarDeserializer<Duration> {

        private static final long serialVersionUID = 1L;

        DurationDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                try {
                    return GoDuration.seconds(p.getDecimalValue());
                } catch (IllegalArgumentException e) {
                    return (Duration) ctxt.handleWeirdNumberValue(Duration.class, p.getNumberValue(), GoDuration.EXPECTED);
                }
            }
            if (token == JsonToken.VALUE_STRING) {
                try {
                    return GoDuration.parseOrSeconds(p.getText());
                } catch (IllegalArgumentException e) {
                    return (Duration) ctxt.handleWeirdStringValue(Duration.class, p.getText(), GoDuration.EXPECTED);
                }
            }
            return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
        }
    }

    /** Writes durations Go-style, as the shipped YAML does. */
    private static final class DurationSerializer extends StdScalarSerializer<Duration> {

        private static final long serialVersionUID = 1L;

        DurationSerializer() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(GoDuration.format(value));
        }
    }
}
