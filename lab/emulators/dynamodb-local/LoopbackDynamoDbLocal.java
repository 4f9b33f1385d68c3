// Starts AWS's DynamoDB Local listening on 127.0.0.1 only (its own command line has no host option and
// listens on every interface), and ends it when the .NET process that started it ends, even killed: that
// process holds standard input open, as it does for the Node emulators (exit-with-parent.js).
//
// Run as a single-file program (java 17 or later compiles it in memory), with DynamoDB Local on the class path:
//   java -cp "DynamoDBLocal.jar:DynamoDBLocal_lib/*" -Djava.library.path=DynamoDBLocal_lib \
//        LoopbackDynamoDbLocal.java -inMemory -port 8000 -disableTelemetry
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDbLocal {
    public static void main(String[] args) throws Exception {
        DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server server = (Server) field.get(proxy);
        for (Connector connector : server.getConnectors()) ((ServerConnector) connector).setHost("127.0.0.1");
        Thread parent = new Thread(() -> {
            try {
                while (System.in.read() >= 0) { }
            } catch (java.io.IOException e) {
                // The pipe broke: the parent is gone as surely as at end of input.
            }
            System.exit(0);
        });
        parent.setDaemon(true);
        parent.start();
        proxy.start();
        proxy.join();
    }
}
