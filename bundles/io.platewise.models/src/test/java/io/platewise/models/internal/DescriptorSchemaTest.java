package io.platewise.models.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.platewise.models.ModelDescriptor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The published JSON Schema and the Java descriptor describe the same format. */
class DescriptorSchemaTest {

    @Test
    void schemaPropertiesAreTheDescriptorsFields() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(getClass().getResourceAsStream("/descriptor.schema.json"));
        Set<String> properties = new HashSet<>();
        schema.get("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> fields = new HashSet<>(Arrays.stream(ModelDescriptor.class.getRecordComponents()).map(RecordComponent::getName).toList());
        assertEquals(fields, properties);
        Set<String> fileFields = new HashSet<>(Arrays.stream(ModelDescriptor.FileEntry.class.getRecordComponents()).map(RecordComponent::getName).toList());
        Set<String> fileProperties = new HashSet<>();
        schema.at("/properties/files/items/properties").fieldNames().forEachRemaining(fileProperties::add);
        assertEquals(fileFields, fileProperties);
        for (JsonNode task : schema.at("/properties/task/enum")) {
            assertTrue(ModelDescriptor.TASKS.contains(task.asText()), task.asText());
        }
    }
}
