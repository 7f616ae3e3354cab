package io.github.compact4j.openaijava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.ContextCompactor;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The core jar this integration is built against depends on no SDK outside its tests. */
class CoreWithoutSdkTest {

    @Test
    void theCoresOwnPomListsNoSdkOutsideTestScope() throws Exception {
        URL jar = ContextCompactor.class.getProtectionDomain().getCodeSource().getLocation();
        assertTrue(jar.getPath().endsWith(".jar") || jar.getPath().contains("/classes"), jar.toString());
        List<String> sdk = new ArrayList<>();
        int dependencies;
        try (InputStream pom = ContextCompactor.class.getResourceAsStream(
                "/META-INF/maven/io.github.compact4j/compact4j/pom.xml")) {
            assertNotNull(pom, "the core jar carries its POM");
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList deps = f.newDocumentBuilder().parse(pom).getElementsByTagName("dependency");
            dependencies = deps.getLength();
            for (int i = 0; i < deps.getLength(); i++) {
                Element d = (Element) deps.item(i);
                String group = d.getElementsByTagName("groupId").item(0).getTextContent().strip();
                NodeList scope = d.getElementsByTagName("scope");
                boolean test = scope.getLength() > 0 && "test".equals(scope.item(0).getTextContent().strip());
                if ((group.startsWith("com.openai") || group.startsWith("com.anthropic")) && !test) {
                    sdk.add(group + ":" + d.getElementsByTagName("artifactId").item(0).getTextContent().strip());
                }
            }
        }
        assertTrue(dependencies > 0);
        assertEquals(List.of(), sdk);
    }
}
