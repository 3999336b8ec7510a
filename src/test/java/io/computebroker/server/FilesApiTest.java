package io.computebroker.server;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.NotFoundException;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileListParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Listing and deleting uploaded files through the official openai-java SDK, per tenant. */
class FilesApiTest {
    @Test
    void filesAreListedNewestFirstPagedAndDeletedPerTenant() throws Exception {
        try (TestGateway tg = TestGateway.start()) {
            OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(tg.baseUrl + "/v1").apiKey(tg.key).maxRetries(0).build();
            String other = tg.gateway.keys().create("globex", "other").secret();
            OpenAIClient globex = OpenAIOkHttpClient.builder().baseUrl(tg.baseUrl + "/v1").apiKey(other).maxRetries(0).build();
            try {
                List<String> ids = new java.util.ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    FileObject f = client.files().create(FileCreateParams.builder().purpose(FilePurpose.BATCH)
                            .file(("{\"custom_id\":\"" + i + "\"}").getBytes(StandardCharsets.UTF_8)).build());
                    ids.add(f.id());
                    Thread.sleep(2); // distinct creation times, so the order is by time and not only by id
                }
                assertThat(client.files().list().data()).extracting(FileObject::id).containsExactly(ids.get(2), ids.get(1), ids.get(0));
                assertThat(client.files().list(FileListParams.builder().order(FileListParams.Order.ASC).build()).data())
                        .extracting(FileObject::id).containsExactly(ids.get(0), ids.get(1), ids.get(2));
                var first = client.files().list(FileListParams.builder().limit(2).build());
                assertThat(first.data()).extracting(FileObject::id).containsExactly(ids.get(2), ids.get(1));
                assertThat(first.hasNextPage()).isTrue();
                assertThat(client.files().list(FileListParams.builder().limit(2).after(ids.get(1)).build()).data())
                        .extracting(FileObject::id).containsExactly(ids.get(0));
                assertThat(client.files().list(FileListParams.builder().purpose("assistants").build()).data()).isEmpty();
                assertThat(globex.files().list().data()).isEmpty();

                assertThatThrownBy(() -> globex.files().delete(ids.get(0))).isInstanceOf(NotFoundException.class);
                var deleted = client.files().delete(ids.get(0));
                assertThat(deleted.id()).isEqualTo(ids.get(0));
                assertThat(deleted.deleted()).isTrue();
                assertThatThrownBy(() -> client.files().retrieve(ids.get(0))).isInstanceOf(NotFoundException.class);
                assertThatThrownBy(() -> client.files().delete(ids.get(0))).isInstanceOf(NotFoundException.class);
                assertThat(client.files().list().data()).extracting(FileObject::id).containsExactly(ids.get(2), ids.get(1));

                assertThat(tg.get("/v1/files?limit=0", tg.openAiAuth()).statusCode()).isEqualTo(400);
                assertThat(tg.get("/v1/files?order=sideways", tg.openAiAuth()).body()).contains("order");
            } finally {
                client.close();
                globex.close();
            }
        }
    }
}
