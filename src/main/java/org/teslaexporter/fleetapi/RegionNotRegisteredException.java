package org.teslaexporter.fleetapi;

/** The partner account is not registered in this region (412): register it for this region's Fleet API base URL. */
public class RegionNotRegisteredException extends FleetApiException {

    public RegionNotRegisteredException(String message) {
        super(412, message);
    }

    @Override
    public String errorType() {
        return "not_registered";
    }
}
