package io.eraft.transport.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Sets up a connection's handlers: TLS (if on), the frame splitter, the envelope decoder, the connection. */
final class Pipelines {
    private final int maxFrameBytes;
    private final Optional<Tls> tls;

    Pipelines(int maxFrameBytes, Optional<Tls> tls) {
        this.maxFrameBytes = maxFrameBytes;
        this.tls = tls;
    }

    /** For each connection the server accepts: a new {@link Connection} from {@code connections}. */
    ChannelInitializer<Channel> accepting(Supplier<Connection> connections, Consumer<Connection> opened) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ChannelPipeline pipeline = ch.pipeline();
                tls.ifPresent(t -> pipeline.addLast("tls", t.accepting(ch.alloc())));
                Connection connection = connections.get();
                opened.accept(connection);
                addFraming(pipeline, connection);
            }
        };
    }

    /** For a connection this node opens to {@code address}. */
    ChannelInitializer<Channel> dialing(Connection connection, Address address) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ChannelPipeline pipeline = ch.pipeline();
                tls.ifPresent(t -> pipeline.addLast("tls", t.dialing(ch.alloc(), address)));
                addFraming(pipeline, connection);
            }
        };
    }

    private void addFraming(ChannelPipeline pipeline, Connection connection) {
        pipeline.addLast("frames", new FrameSplitter(maxFrameBytes));
        pipeline.addLast("envelopes", new FrameDecoder());
        pipeline.addLast("connection", connection);
    }
}
