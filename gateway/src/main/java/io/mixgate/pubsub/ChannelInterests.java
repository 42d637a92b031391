package io.mixgate.pubsub;

/** Joins several {@link ChannelInterest}s into one: each hears every event, in the order given. */
public final class ChannelInterests {
    private ChannelInterests() {
    }

    public static ChannelInterest all(ChannelInterest... interests) {
        ChannelInterest[] copy = interests.clone();
        return new ChannelInterest() {
            @Override
            public void firstSubscriber(String channel) {
                for (ChannelInterest i : copy) {
                    i.firstSubscriber(channel);
                }
            }

            @Override
            public void lastSubscriberGone(String channel) {
                for (ChannelInterest i : copy) {
                    i.lastSubscriberGone(channel);
                }
            }
        };
    }
}
