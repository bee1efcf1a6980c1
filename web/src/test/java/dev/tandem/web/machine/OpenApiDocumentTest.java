package dev.tandem.web.machine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.web.groups.GroupFields;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.io.File;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The checked-in OpenAPI document says exactly what the machine resources do: paths, methods, scopes, parameters, settings. */
class OpenApiDocumentTest {

    private static JsonObject spec;

    @BeforeAll
    static void read() throws Exception {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream(OpenApiResource.DOCUMENT)) {
            spec = Json.createReader(in).readObject();
        }
    }

    /** Every class of this package marked {@link MachineApi}, found on the class path (so a new one cannot be forgotten). */
    private static Set<Class<?>> resources() throws Exception {
        File dir = new File(MachineGate.class.getResource("MachineGate.class").toURI()).getParentFile();
        Set<Class<?>> found = new java.util.HashSet<>();
        for (String name : dir.list((d, n) -> n.endsWith(".class") && !n.contains("$"))) {
            Class<?> type = Class.forName(MachineGate.class.getPackageName() + "." + name.replace(".class", ""));
            if (type.isAnnotationPresent(MachineApi.class) && type.isAnnotationPresent(Path.class)) {
                found.add(type);
            }
        }
        return found;
    }

    private static String httpMethod(Method m) {
        return m.isAnnotationPresent(GET.class) ? "get" : m.isAnnotationPresent(POST.class) ? "post" : m.isAnnotationPresent(PATCH.class) ? "patch" : null;
    }

    private static String path(Class<?> type, Method m) {
        String p = "/" + type.getAnnotation(Path.class).value();
        return m.isAnnotationPresent(Path.class) ? p + "/" + m.getAnnotation(Path.class).value() : p;
    }

    @Test
    void everyOperationIsDocumentedWithItsScopeAndParameters() throws Exception {
        Set<String> implemented = new TreeSet<>();
        for (Class<?> type : resources()) {
            for (Method m : type.getDeclaredMethods()) {
                String verb = httpMethod(m);
                if (verb == null) {
                    continue;
                }
                String scope = m.getAnnotation(RequiresScope.class).value();
                implemented.add(path(type, m) + " " + verb + " " + scope);
                JsonObject op = spec.getJsonObject("paths").getJsonObject(path(type, m)).getJsonObject(verb);
                Set<String> documentedQuery = new TreeSet<>();
                if (op.containsKey("parameters")) {
                    op.getJsonArray("parameters").getValuesAs(JsonObject.class).stream().filter(q -> q.getString("in").equals("query"))
                            .forEach(q -> documentedQuery.add(q.getString("name")));
                }
                Set<String> query = new TreeSet<>();
                for (Parameter p : m.getParameters()) {
                    if (p.isAnnotationPresent(QueryParam.class)) {
                        query.add(p.getAnnotation(QueryParam.class).value());
                    }
                }
                assertThat(documentedQuery).as(path(type, m) + " " + verb + " query parameters").isEqualTo(query);
            }
        }
        Set<String> documented = new TreeSet<>();
        spec.getJsonObject("paths").forEach((path, ops) -> ops.asJsonObject().forEach((verb, op) -> documented.add(path + " " + verb + " "
                + op.asJsonObject().getJsonArray("security").getJsonObject(0).getJsonArray("oauth2").getString(0))));
        assertThat(documented).isEqualTo(implemented);
    }

    @Test
    void theScopesAreExactlyTheScopesClass() throws Exception {
        Set<String> constants = new TreeSet<>();
        for (var f : Scopes.class.getDeclaredFields()) {
            if (f.getType() == String.class) {
                constants.add((String) f.get(null));
            }
        }
        JsonObject scopes = spec.getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("oauth2")
                .getJsonObject("flows").getJsonObject("clientCredentials").getJsonObject("scopes");
        assertThat(new TreeSet<>(scopes.keySet())).isEqualTo(constants);
    }

    @Test
    void theGroupChangeNamesExactlyTheChangeableSettings() {
        Set<String> documented = new TreeSet<>(spec.getJsonObject("components").getJsonObject("schemas").getJsonObject("GroupChange")
                .getJsonObject("properties").keySet());
        Set<String> accepted = new TreeSet<>(GroupFields.names());
        accepted.add("origins");
        assertThat(documented).isEqualTo(accepted);
        assertThat(spec.getJsonObject("components").getJsonObject("schemas").getJsonObject("Group").getJsonObject("properties").keySet())
                .containsAll(accepted);
        assertThat(spec.getString("openapi")).startsWith("3.");
        assertThat(spec.getJsonArray("servers").getValuesAs(JsonObject.class).get(0).get("url")).isEqualTo(Json.createValue("/cobrowse/api"));
        assertThat(JsonValue.ValueType.STRING).isEqualTo(((JsonString) spec.getJsonObject("info").get("title")).getValueType());
    }
}
