import Foundation

/// One estate (小区): its name, its buildings and how many homes each has.
struct Estate: Sendable {
    var name: String
    var buildings: Int
    var floors: Int
    /// Homes per floor.
    var doors: Int
    /// The service centre (and so the staff team) that looks after it.
    var center: Int

    var homesPerBuilding: Int { floors * doors }
    var homes: Int { buildings * homesPerBuilding }
}

/// A home, which is also its owner: an owner's name and phone are derived from the home.
struct Home: Sendable, Hashable {
    var estate: Int32
    var building: Int16
    var floor: Int16
    var door: Int16

    /// The building field as owners write it ("3").
    var buildingName: String { String(building) }

    /// The unit field: floor and door, "1202".
    var unitName: String {
        let door = door < 10 ? "0" + String(door) : String(door)
        return String(floor) + door
    }
}

/// Every estate of the company and the way owners are drawn from them.
struct EstateDirectory: Sendable {
    let estates: [Estate]
    let seed: UInt64
    private let byHomes: CumulativeWeights

    /// About one estate per 3,333 complaints over the history (3,000 for 10 million), at least five.
    static func estateCount(forComplaints count: Int) -> Int { min(3_000, max(5, count / 3_333)) }

    init(count: Int, centers: Int, seed: UInt64) {
        self.seed = seed
        var estates: [Estate] = []
        for index in 0..<count {
            var rng = SplitMix(seed, 0xE5, UInt64(index))
            // Walk-ups, mid-rises, high-rises and apartment towers.
            let (buildings, floors, doors): (Int, Int, Int)
            switch rng.weighted([25, 30, 35, 10]) {
            case 0: (buildings, floors, doors) = (rng.int(12...40), rng.int(5...7), rng.int(2...4))
            case 1: (buildings, floors, doors) = (rng.int(8...30), rng.int(11...18), rng.int(2...4))
            case 2: (buildings, floors, doors) = (rng.int(4...25), rng.int(24...33), rng.int(2...6))
            default: (buildings, floors, doors) = (rng.int(1...6), rng.int(18...32), rng.int(8...16))
            }
            estates.append(
                Estate(
                    name: Names.estate(index, seed: seed), buildings: buildings, floors: floors,
                    doors: doors, center: index % centers))
        }
        self.estates = estates
        byHomes = CumulativeWeights(estates.map { Double($0.homes) })
    }

    /// The estates simulated by shard `shard` of `shards` (every `shards`-th, so each shard has
    /// estates of every size and centre parity), weighted by their homes.
    func shard(_ shard: Int, of shards: Int) -> EstateShard {
        let members = Array(stride(from: shard, to: estates.count, by: max(1, shards)))
        return EstateShard(members: members, byHomes: CumulativeWeights(members.map { Double(estates[$0].homes) }))
    }

    /// Homes of the estates listed.
    func homes(of members: [Int]) -> Int { members.reduce(0) { $0 + estates[$1].homes } }

    /// An owner: estates weighted by size; about one complaint in eight comes from the few
    /// owners (one home in sixty) who complain again and again. `among` limits the draw to a
    /// shard's estates.
    func drawHome(_ rng: inout SplitMix, among shard: EstateShard? = nil) -> (home: Home, frequent: Bool) {
        let e = shard.map { $0.members[$0.byHomes.index(at: rng.unit())] } ?? byHomes.index(at: rng.unit())
        let estate = estates[e]
        if rng.chance(0.12) {
            let frequent = max(1, estate.homes / 60)
            return (home(estate: e, index: (rng.next(frequent) &* 7_919 &+ 13) % estate.homes), true)
        }
        return (home(estate: e, index: rng.next(estate.homes)), false)
    }

    /// Home `index` (0-based) of estate `e`.
    func home(estate e: Int, index: Int) -> Home {
        let estate = estates[e]
        let building = index / estate.homesPerBuilding
        let rest = index % estate.homesPerBuilding
        return Home(
            estate: Int32(e), building: Int16(building + 1), floor: Int16(rest / estate.doors + 1),
            door: Int16(rest % estate.doors + 1))
    }

    /// The `member`-th distinct home of the building of `home` (member 0 is `home` itself): the
    /// neighbours who complain about the same cut or breakdown.
    func neighbour(of home: Home, member: Int) -> Home {
        let estate = estates[Int(home.estate)]
        let perBuilding = estate.homesPerBuilding
        let own = (Int(home.floor) - 1) * estate.doors + Int(home.door) - 1
        // A step coprime to the building's size visits every home once.
        var step = 7
        while gcd(step, perBuilding) != 1 { step += 2 }
        let rest = (own + member * step) % perBuilding
        return Home(
            estate: home.estate, building: home.building, floor: Int16(rest / estate.doors + 1),
            door: Int16(rest % estate.doors + 1))
    }

    /// The owner's name and mobile, fixed for the home.
    func owner(of home: Home) -> (name: String, phone: String) {
        let bits = mix(seed ^ (UInt64(home.estate) << 40 | UInt64(home.building) << 24 | UInt64(home.floor) << 8 | UInt64(home.door)))
        return (Names.person(bits), Names.mobile(mix(bits)))
    }

    private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}

/// The estates one simulation shard owns: no complaint, incident or repeat crosses estates, so
/// shards run independently.
struct EstateShard: Sendable {
    /// Estate indexes.
    let members: [Int]
    let byHomes: CumulativeWeights
}
