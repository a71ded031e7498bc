"""Territory (EPCI), communes, contracts, challenge trees and quartiers."""
