package io.eraft.transport.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;

import java.util.concurrent.TimeUnit;

/**
 * The event loop group of one transport and the channel classes that go with it: epoll when its native library
 * loads, NIO otherwise.
 *
 * @param kind               {@code epoll} or {@code nio}
 * @param group              the transport's only event loop group (listening, connections, timeouts)
 * @param serverChannelClass the listening channel type
 * @param socketChannelClass the connection channel type
 */
record EventLoops(String kind, EventLoopGroup group, Class<? extends ServerChannel> serverChannelClass,
                  Class<? extends SocketChannel> socketChannelClass) {

    /** Starts {@code threads} event loops named after {@code node}. */
    static EventLoops start(String node, int threads) {
        DefaultThreadFactory threadFactory = new DefaultThreadFactory("eraft-netty-" + node, true);
        if (Epoll.isAvailable()) {
            IoHandlerFactory io = EpollIoHandler.newFactory();
            return new EventLoops("epoll", new MultiThreadIoEventLoopGroup(threads, threadFactory, io),
                    EpollServerSocketChannel.class, EpollSocketChannel.class);
        }
        IoHandlerFactory io = NioIoHandler.newFactory();
        return new EventLoops("nio", new MultiThreadIoEventLoopGroup(threads, threadFactory, io),
                NioServerSocketChannel.class, NioSocketChannel.class);
    }

    /** Whether the calling thread is one of this group's loops (which must not wait for the group to stop). */
    boolean inEventLoop() {
        for (EventExecutor executor : group) {
            if (executor.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    /** Stops the loops without a quiet period; waits up to {@code waitMillis} unless called from a loop. */
    void shutdown(long waitMillis) {
        var termination = group.shutdownGracefully(0, waitMillis, TimeUnit.MILLISECONDS);
        if (!inEventLoop()) {
            termination.awaitUninterruptibly(waitMillis);
        }
    }
}
