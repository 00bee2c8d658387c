package io.platewise.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS switched on through configuration alone: a keystore made with the JDK's keytool. */
class TlsIT {

    @TempDir
    Path folder;

    @Test
    void servesHttpsWhenSwitchedOnInConfig() throws Exception {
        Path keystore = folder.resolve("keystore.p12");
        String password = "keystore-pass";
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "platewise", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", password).inheritIO().start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool failed");

        PlatewiseServer fresh = PlatewiseServer.fresh(folder);
        int httpsPort = PlatewiseServer.freePort();
        while (httpsPort == fresh.port()) {
            // Free ports come from the OS one at a time and may repeat.
            httpsPort = PlatewiseServer.freePort();
        }
        try (PlatewiseServer server = fresh
                .env("PLATEWISE_HTTPS_ENABLED", "true")
                .env("PLATEWISE_HTTPS_PORT", String.valueOf(httpsPort))
                .env("PLATEWISE_HTTPS_KEYSTORE", keystore.toString())
                .env("PLATEWISE_HTTPS_KEYSTORE_PASSWORD", password)) {
            server.start();

            // Trust exactly the server's own certificate, taken from the keystore.
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (var in = java.nio.file.Files.newInputStream(keystore)) {
                store.load(in, password.toCharArray());
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("platewise", (X509Certificate) store.getCertificate("platewise"));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);

            HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + httpsPort + "/api/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            HttpResponse<String> system = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/api/system"))
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                            .encodeToString(("admin:" + PlatewiseServer.ADMIN_PASSWORD).getBytes()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, system.statusCode(), system.body());
        }
    }
}
