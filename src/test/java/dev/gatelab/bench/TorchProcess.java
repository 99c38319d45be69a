package dev.gatelab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's PyTorch (python3-torch) in a process of its own, src/test/python/bench_torch.py --serve, asked for a few
 * timed steps at a time.
 */
final class TorchProcess implements Peer {
    private static final Path SCRIPT = Path.of("src/test/python/bench_torch.py");
    private final Process process;
    private final BufferedReader replies;
    private final Writer requests;
    private final ObjectMapper json = new ObjectMapper();
    private final String version;

    private TorchProcess(Process process) throws Exception {
        this.process = process;
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream()));
        this.requests = new OutputStreamWriter(process.getOutputStream());
        this.version = reply("version").get("torch").asText();
    }

    /** @return the peer, or why it cannot run */
    static Object start() {
        if (!Files.exists(Path.of("/usr/bin/python3"))) return "no /usr/bin/python3 (apt-get install python3-torch)";
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(), "--serve").redirectErrorStream(true).start();
            return new TorchProcess(p);
        } catch (Exception e) {
            return "bench_torch.py did not start: " + e.getMessage() + " (apt-get install python3-torch)";
        }
    }

    @Override
    public String name() {
        return "torch " + version.replaceAll("a0$", "");
    }

    @Override
    public String refuses(Workload w) {
        return null;
    }

    @Override
    public List<Double> time(Workload w, int threads, int steps) throws Exception {
        List<Double> times = new ArrayList<>();
        reply(w.name() + " " + threads + " " + steps).get("times_ms").forEach(v -> times.add(v.asDouble()));
        return times;
    }

    /** Sends one request and reads its JSON answer, passing on anything else the script prints. */
    private JsonNode reply(String request) throws Exception {
        requests.write(request + "\n");
        requests.flush();
        for (String line; (line = replies.readLine()) != null; ) {
            if (line.startsWith("{")) return json.readTree(line);
            System.out.println("  (torch) " + line);
        }
        throw new IllegalStateException("bench_torch.py stopped without answering '" + request + "'");
    }

    @Override
    public void close() throws Exception {
        requests.close();
        process.waitFor();
    }
}
